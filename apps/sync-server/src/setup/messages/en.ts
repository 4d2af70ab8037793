/**
 * `/setup` texts, English: the reference catalogue. The `*.ui.*` keys are the labels the device's
 * own settings show in this language (what the owner looks for on screen), used in the drawings.
 */
export const en = {
  "page.language": "Language",
  title: "Set up this shop's tablets",
  intro:
    "Tablets and phones on the shop's Wi-Fi open Stamp over HTTPS, with a certificate this server made for itself. Browsers allow the camera, offline use and signatures only over HTTPS, so each device trusts this shop's certificate once. It takes two minutes per device.",
  "public.intro":
    "This server runs on a public address with a real certificate: there is nothing to install. Open the kiosk on each tablet.",
  "download.title": "1. Download the certificate",
  "download.crt": "Download the certificate",
  "download.profile": "iPad or iPhone: download the profile",
  "download.fingerprint": "Before trusting it, the device may show its fingerprint. It must read:",
  "download.sha256": "SHA-256",
  "download.sha1": "SHA-1 (Windows calls it the thumbprint)",
  "download.name": "Certificate name",
  "platforms.title": "2. Trust it on the device",
  "platforms.pick": "Open the steps for your device:",
  "open.title": "3. Open the kiosk",
  "open.kiosk": "Kiosk, on each tablet",
  "open.admin": "Admin pages",
  "open.scan": "Scan with the tablet's camera, or type the address.",
  "open.install":
    "Then install it: it starts from the home screen and keeps working when the Wi-Fi drops.",
  "open.check":
    "If the browser warns that the connection is not private, the certificate is not trusted yet: go back to step 2.",
  "names.title": "Addresses this certificate is valid for",
  "names.body":
    "Open the kiosk at one of these. If the shop's network changes the computer's address, the server makes a new certificate by itself; the devices keep trusting it.",
  "customers.title": "Customers' phones",
  "customers.body":
    "Customers' phones do not trust this certificate, and Apple Wallet updates cards only from a public address. For a real launch, run Stamp on a public host (see the README: “Running it for real”).",
  "profile.description":
    "Lets this device trust the Stamp server on the shop's network. Check the fingerprint shown on the setup page.",
  "drawing.label": "How it looks on {platform}",

  "ipados.name": "iPad and iPhone",
  "ipados.step1": "Open this page in Safari on the iPad, tap “{profile}” and allow the download.",
  "ipados.step2":
    "Open Settings, tap “{downloaded}” near the top, then Install (enter the passcode) and Install again.",
  "ipados.step3":
    "Go to Settings › General › About › Certificate Trust Settings and switch on “{ca}”.",
  "ipados.step4":
    "Open the kiosk address in Safari, tap Share › Add to Home Screen, and start Stamp from the Home Screen.",
  "ipados.ui.settings": "Settings",
  "ipados.ui.downloaded": "Profile Downloaded",
  "ipados.ui.trust": "Certificate Trust Settings",
  "ipados.ui.fullTrust": "Enable full trust for root certificates",

  "android.name": "Android",
  "android.step1": "Open this page in Chrome and tap “{crt}”.",
  "android.step2":
    "Open Settings › Security & privacy › More security settings › Encryption & credentials › Install a certificate › CA certificate (the names differ a little between makers; search Settings for “certificate”).",
  "android.step3":
    "Tap “Install anyway”, confirm with the screen lock, and pick the downloaded “stamp-local-ca.crt”.",
  "android.step4": "Open the kiosk address in Chrome, then ⋮ › Install app.",
  "android.ui.install": "Install a certificate",
  "android.ui.ca": "CA certificate",
  "android.ui.vpn": "VPN & app user certificate",
  "android.ui.wifi": "Wi‑Fi certificate",

  "windows.name": "Windows",
  "windows.step1": "Download the certificate and open it, then click “Install Certificate…”.",
  "windows.step2":
    "Choose Current User › “Place all certificates in the following store” › Browse › “Trusted Root Certification Authorities”, then Next and Finish.",
  "windows.step3": "Windows shows the thumbprint: compare it with the SHA-1 above and click Yes.",
  "windows.step4":
    "Close every Chrome or Edge window, then open the kiosk address; install it with the install icon in the address bar.",
  "windows.ui.wizard": "Certificate Import Wizard",
  "windows.ui.auto": "Automatically select the certificate store",
  "windows.ui.place": "Place all certificates in the following store",
  "windows.ui.store": "Trusted Root Certification Authorities",

  "macos.name": "Mac",
  "macos.step1":
    "Download the certificate and open it: Keychain Access adds it to the “login” keychain.",
  "macos.step2":
    "In Keychain Access, double-click “{ca}”, open Trust and set “When using this certificate” to “Always Trust”.",
  "macos.step3": "Close the window and confirm with your Mac password.",
  "macos.step4": "Open the kiosk address in Safari or Chrome.",
  "macos.ui.trust": "Trust",
  "macos.ui.when": "When using this certificate:",
  "macos.ui.always": "Always Trust",
  "macos.ui.ssl": "Secure Sockets Layer (SSL)",

  "chromeos.name": "Chromebook",
  "chromeos.step1": "Download the certificate: it goes to the Downloads folder.",
  "chromeos.step2":
    "Open Chrome › Settings › Privacy and security › Security › Manage certificates, tab Authorities (newer versions: Local certificates › Installed by you), and click Import.",
  "chromeos.step3":
    "Pick “stamp-local-ca.crt”, tick “Trust this certificate for identifying websites”, and click OK.",
  "chromeos.step4": "Open the kiosk address and install it with the icon in the address bar.",
  "chromeos.ui.manage": "Manage certificates",
  "chromeos.ui.authorities": "Authorities",
  "chromeos.ui.import": "Import",
  "chromeos.ui.websites": "Trust this certificate for identifying websites",
} as const;

export type SetupMessageKey = keyof typeof en;
