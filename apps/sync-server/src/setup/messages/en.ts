/**
 * `/setup` texts, English: the reference catalogue. The `*.ui.*` keys are the labels the device's
 * own settings show in this language (what the owner looks for on screen), used in the drawings.
 */
export const en = {
  "setup.page.language": "Language",
  "setup.title": "Set up this shop's tablets",
  "setup.intro":
    "Tablets and phones on the shop's Wi-Fi open Stamp over HTTPS, with a certificate this server made for itself. Browsers allow the camera, offline use and signatures only over HTTPS, so each device trusts this shop's certificate once. It takes two minutes per device.",
  "setup.public.intro":
    "This server runs on a public address with a real certificate: there is nothing to install. Open the kiosk on each tablet.",
  "setup.download.title": "1. Download the certificate",
  "setup.download.crt": "Download the certificate",
  "setup.download.profile": "iPad or iPhone: download the profile",
  "setup.download.fingerprint":
    "Before trusting it, the device may show its fingerprint. It must read:",
  "setup.download.sha256": "SHA-256",
  "setup.download.sha1": "SHA-1 (Windows calls it the thumbprint)",
  "setup.download.name": "Certificate name",
  "setup.platforms.title": "2. Trust it on the device",
  "setup.platforms.pick": "Open the steps for your device:",
  "setup.open.title": "3. Open the kiosk",
  "setup.open.kiosk": "Kiosk, on each tablet",
  "setup.open.admin": "Admin pages",
  "setup.open.scan": "Scan with the tablet's camera, or type the address.",
  "setup.open.install":
    "Then install it: it starts from the home screen and keeps working when the Wi-Fi drops.",
  "setup.open.check":
    "If the browser warns that the connection is not private, the certificate is not trusted yet: go back to step 2.",
  "setup.names.title": "Addresses this certificate is valid for",
  "setup.names.body":
    "Open the kiosk at one of these. If the shop's network changes the computer's address, the server makes a new certificate by itself; the devices keep trusting it.",
  "setup.customers.title": "Customers' phones",
  "setup.customers.body":
    "Customers' phones do not trust this certificate, and Apple Wallet updates cards only from a public address. For a real launch, run Stamp on a public host (see the README: “Running it for real”).",
  "setup.profile.description":
    "Lets this device trust the Stamp server on the shop's network. Check the fingerprint shown on the setup page.",
  "setup.drawing.label": "How it looks on {platform}",

  "setup.ipados.name": "iPad and iPhone",
  "setup.ipados.step1":
    "Open this page in Safari on the iPad, tap “{profile}” and allow the download.",
  "setup.ipados.step2":
    "Open Settings, tap “{downloaded}” near the top, then Install (enter the passcode) and Install again.",
  "setup.ipados.step3":
    "Go to Settings › General › About › Certificate Trust Settings and switch on “{ca}”.",
  "setup.ipados.step4":
    "Open the kiosk address in Safari, tap Share › Add to Home Screen, and start Stamp from the Home Screen.",
  "setup.ipados.ui.settings": "Settings",
  "setup.ipados.ui.downloaded": "Profile Downloaded",
  "setup.ipados.ui.trust": "Certificate Trust Settings",
  "setup.ipados.ui.fullTrust": "Enable full trust for root certificates",

  "setup.android.name": "Android",
  "setup.android.step1": "Open this page in Chrome and tap “{crt}”.",
  "setup.android.step2":
    "Open Settings › Security & privacy › More security settings › Encryption & credentials › Install a certificate › CA certificate (the names differ a little between makers; search Settings for “certificate”).",
  "setup.android.step3":
    "Tap “Install anyway”, confirm with the screen lock, and pick the downloaded “stamp-local-ca.crt”.",
  "setup.android.step4": "Open the kiosk address in Chrome, then ⋮ › Install app.",
  "setup.android.ui.install": "Install a certificate",
  "setup.android.ui.ca": "CA certificate",
  "setup.android.ui.vpn": "VPN & app user certificate",
  "setup.android.ui.wifi": "Wi‑Fi certificate",

  "setup.windows.name": "Windows",
  "setup.windows.step1": "Download the certificate and open it, then click “Install Certificate…”.",
  "setup.windows.step2":
    "Choose Current User › “Place all certificates in the following store” › Browse › “Trusted Root Certification Authorities”, then Next and Finish.",
  "setup.windows.step3":
    "Windows shows the thumbprint: compare it with the SHA-1 above and click Yes.",
  "setup.windows.step4":
    "Close every Chrome or Edge window, then open the kiosk address; install it with the install icon in the address bar.",
  "setup.windows.ui.wizard": "Certificate Import Wizard",
  "setup.windows.ui.auto": "Automatically select the certificate store",
  "setup.windows.ui.place": "Place all certificates in the following store",
  "setup.windows.ui.store": "Trusted Root Certification Authorities",

  "setup.macos.name": "Mac",
  "setup.macos.step1":
    "Download the certificate and open it: Keychain Access adds it to the “login” keychain.",
  "setup.macos.step2":
    "In Keychain Access, double-click “{ca}”, open Trust and set “When using this certificate” to “Always Trust”.",
  "setup.macos.step3": "Close the window and confirm with your Mac password.",
  "setup.macos.step4": "Open the kiosk address in Safari or Chrome.",
  "setup.macos.ui.trust": "Trust",
  "setup.macos.ui.when": "When using this certificate:",
  "setup.macos.ui.always": "Always Trust",
  "setup.macos.ui.ssl": "Secure Sockets Layer (SSL)",

  "setup.chromeos.name": "Chromebook",
  "setup.chromeos.step1": "Download the certificate: it goes to the Downloads folder.",
  "setup.chromeos.step2":
    "Open Chrome › Settings › Privacy and security › Security › Manage certificates, tab Authorities (newer versions: Local certificates › Installed by you), and click Import.",
  "setup.chromeos.step3":
    "Pick “stamp-local-ca.crt”, tick “Trust this certificate for identifying websites”, and click OK.",
  "setup.chromeos.step4": "Open the kiosk address and install it with the icon in the address bar.",
  "setup.chromeos.ui.manage": "Manage certificates",
  "setup.chromeos.ui.authorities": "Authorities",
  "setup.chromeos.ui.import": "Import",
  "setup.chromeos.ui.websites": "Trust this certificate for identifying websites",
} as const;

export type SetupMessageKey = keyof typeof en;
