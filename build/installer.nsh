; Included into electron-builder's NSIS installer (electron-builder.yml `nsis.include`).
; electron-builder applies `protocols` on macOS, Linux and AppX only, and Electron's
; setAsDefaultProtocolClient writes no Capabilities, so without this Windows never lists b24phone
; under Default apps for tel:, callto: and sip:. This registers b24phone as a candidate handler
; (Capabilities + RegisteredApplications + one ProgID per scheme); the agent, or the admin's
; default-associations policy, still makes the choice. SHELL_CONTEXT is HKCU for a per-user
; install and HKLM for a per-machine one. The uninstaller removes exactly what is written here.

!define B24PHONE_CAPABILITIES "Software\b24phone\Capabilities"

!macro b24phoneRegisterScheme SCHEME
  WriteRegStr SHELL_CONTEXT "Software\Classes\b24phone.${SCHEME}" "" "b24phone ${SCHEME} link"
  WriteRegStr SHELL_CONTEXT "Software\Classes\b24phone.${SCHEME}\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\b24phone.${SCHEME}\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  WriteRegStr SHELL_CONTEXT "${B24PHONE_CAPABILITIES}\URLAssociations" "${SCHEME}" "b24phone.${SCHEME}"
!macroend

!macro customInstall
  WriteRegStr SHELL_CONTEXT "${B24PHONE_CAPABILITIES}" "ApplicationName" "b24phone"
  WriteRegStr SHELL_CONTEXT "${B24PHONE_CAPABILITIES}" "ApplicationDescription" "Softphone for Bitrix24"
  !insertmacro b24phoneRegisterScheme "tel"
  !insertmacro b24phoneRegisterScheme "callto"
  !insertmacro b24phoneRegisterScheme "sip"
  WriteRegStr SHELL_CONTEXT "Software\RegisteredApplications" "b24phone" "${B24PHONE_CAPABILITIES}"
!macroend

!macro customUnInstall
  DeleteRegValue SHELL_CONTEXT "Software\RegisteredApplications" "b24phone"
  DeleteRegKey SHELL_CONTEXT "Software\Classes\b24phone.tel"
  DeleteRegKey SHELL_CONTEXT "Software\Classes\b24phone.callto"
  DeleteRegKey SHELL_CONTEXT "Software\Classes\b24phone.sip"
  DeleteRegKey SHELL_CONTEXT "${B24PHONE_CAPABILITIES}"
  DeleteRegKey /ifempty SHELL_CONTEXT "Software\b24phone"
!macroend
