; Included by electron-builder in the per-machine NSIS installer (build/installer.nsh is picked up by name).
; The admin policy lives in %ProgramData%\Softphone, where Windows lets any user create folders and files
; until the folder exists, and where the app reads a policy only if no one but administrators can change it.
; The installer makes the folder (with SetShellVarContext all, $APPDATA is ProgramData) and takes back
; whatever a user put there before: Administrators own the folder and everything in it (/T), the explicit
; entries a user gave themselves are dropped (/reset), and the folder's own list allows Administrators and
; SYSTEM to change it and Users to read it; what is in it inherits that list.
!macro customInstall
  SetShellVarContext all
  CreateDirectory "$APPDATA\Softphone"
  nsExec::Exec 'icacls "$APPDATA\Softphone" /setowner *S-1-5-32-544 /T /C /Q'
  nsExec::Exec 'icacls "$APPDATA\Softphone" /reset /T /C /Q'
  nsExec::Exec 'icacls "$APPDATA\Softphone" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX /C /Q'
!macroend
