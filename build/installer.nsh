; Included by electron-builder in the per-machine NSIS installer (build/installer.nsh is picked up by name).
; The admin policy lives in %ProgramData%\Softphone, where Windows lets any user create files by default:
; the installer creates the folder so that only Administrators and SYSTEM may change it and users may read it.
!macro customInstall
  CreateDirectory "$COMMONAPPDATA\Softphone"
  nsExec::Exec 'icacls "$COMMONAPPDATA\Softphone" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX'
!macroend
