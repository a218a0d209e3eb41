export function App() {
  return <main>b24phone</main>;
}
