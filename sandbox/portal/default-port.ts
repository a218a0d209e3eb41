/** Where `npm run portal` listens unless told: beside the relay, whose default is 8090. */
export const defaultPortalPort = 8091;
