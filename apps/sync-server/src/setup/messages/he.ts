import type { SetupMessageKey } from "./en";

export const he: Readonly<Record<SetupMessageKey, string>> = {
  "setup.page.language": "שפה",
  "setup.title": "הגדרת הטאבלטים של העסק",
  "setup.intro":
    "טאבלטים וטלפונים ברשת ה-Wi-Fi של העסק פותחים את Stamp ב-HTTPS, עם אישור שהשרת הזה יצר לעצמו. דפדפנים מאפשרים מצלמה, עבודה ללא רשת וחתימות רק ב-HTTPS, ולכן כל מכשיר צריך לתת אמון באישור של העסק פעם אחת. זה לוקח שתי דקות לכל מכשיר.",
  "setup.public.intro":
    "השרת הזה פועל בכתובת ציבורית עם אישור אמיתי: אין מה להתקין. פתחו את הקיוסק בכל טאבלט.",
  "setup.download.title": "1. הורדת האישור",
  "setup.download.crt": "הורדת האישור",
  "setup.download.profile": "iPad או iPhone: הורדת הפרופיל",
  "setup.download.fingerprint": "לפני מתן האמון המכשיר עשוי להציג טביעת אצבע. היא חייבת להיות:",
  "setup.download.sha256": "SHA-256",
  "setup.download.sha1": "SHA-1 (ב-Windows: טביעה אגודלית)",
  "setup.download.name": "שם האישור",
  "setup.platforms.title": "2. מתן אמון במכשיר",
  "setup.platforms.pick": "פתחו את השלבים של המכשיר שלכם:",
  "setup.open.title": "3. פתיחת הקיוסק",
  "setup.open.kiosk": "קיוסק, בכל טאבלט",
  "setup.open.admin": "דפי הניהול",
  "setup.open.scan": "סרקו במצלמת הטאבלט, או הקלידו את הכתובת.",
  "setup.open.install": "אחר כך התקינו אותו: הוא ייפתח ממסך הבית וימשיך לעבוד כשה-Wi-Fi נופל.",
  "setup.open.check": "אם הדפדפן מזהיר שהחיבור אינו פרטי, עדיין אין אמון באישור: חזרו לשלב 2.",
  "setup.names.title": "הכתובות שהאישור תקף עבורן",
  "setup.names.body":
    "פתחו את הקיוסק באחת מהן. אם כתובת המחשב ברשת משתנה, השרת יוצר אישור חדש בעצמו; המכשירים ממשיכים לתת בו אמון.",
  "setup.customers.title": "הטלפונים של הלקוחות",
  "setup.customers.body":
    "הטלפונים של הלקוחות אינם נותנים אמון באישור הזה, ו-Apple Wallet מעדכן כרטיסים רק מכתובת ציבורית. להשקה אמיתית הפעילו את Stamp בשרת ציבורי (ראו README: ‏“Running it for real”).",
  "setup.profile.description":
    "מאפשר למכשיר הזה לתת אמון בשרת Stamp ברשת העסק. בדקו את טביעת האצבע שבדף ההגדרה.",
  "setup.drawing.label": "כך זה נראה ב-{platform}",

  "setup.ipados.name": "iPad ו-iPhone",
  "setup.ipados.step1": "פתחו את הדף הזה ב-Safari ב-iPad, הקישו על „{profile}” ואשרו את ההורדה.",
  "setup.ipados.step2":
    "פתחו את ההגדרות, הקישו על „{downloaded}” בראש המסך, אחר כך „התקן” (הזינו קוד) ושוב „התקן”.",
  "setup.ipados.step3": "עברו אל הגדרות › כללי › אודות › הגדרות אמון באישורים והפעילו את „{ca}”.",
  "setup.ipados.step4":
    "פתחו את כתובת הקיוסק ב-Safari, הקישו על שיתוף › הוסף למסך הבית, והפעילו את Stamp ממסך הבית.",
  "setup.ipados.ui.settings": "הגדרות",
  "setup.ipados.ui.downloaded": "פרופיל הורד",
  "setup.ipados.ui.trust": "הגדרות אמון באישורים",
  "setup.ipados.ui.fullTrust": "הפעל אמון מלא באישורי שורש",

  "setup.android.name": "Android",
  "setup.android.step1": "פתחו את הדף הזה ב-Chrome והקישו על „{crt}”.",
  "setup.android.step2":
    "פתחו הגדרות › אבטחה ופרטיות › הגדרות אבטחה נוספות › הצפנה ופרטי כניסה › התקנת אישור › אישור CA (השמות משתנים מעט בין היצרנים; חפשו „אישור” בהגדרות).",
  "setup.android.step3":
    "הקישו על „להתקין בכל זאת”, אשרו בנעילת המסך ובחרו את הקובץ שהורד „stamp-local-ca.crt”.",
  "setup.android.step4": "פתחו את כתובת הקיוסק ב-Chrome, ואז ⋮ › התקנת האפליקציה.",
  "setup.android.ui.install": "התקנת אישור",
  "setup.android.ui.ca": "אישור CA",
  "setup.android.ui.vpn": "אישור VPN ומשתמש באפליקציה",
  "setup.android.ui.wifi": "אישור Wi‑Fi",

  "setup.windows.name": "Windows",
  "setup.windows.step1": "הורידו את האישור ופתחו אותו, ואז לחצו על „התקן אישור…”.",
  "setup.windows.step2":
    "בחרו משתמש נוכחי › „הצב את כל האישורים במאגר הבא” › עיון › „רשויות אישורים עליונות מהימנות”, ואז הבא וסיום.",
  "setup.windows.step3": "Windows מציג את הטביעה האגודלית: השוו אותה ל-SHA-1 שלמעלה ולחצו כן.",
  "setup.windows.step4":
    "סגרו את כל חלונות Chrome או Edge, ואז פתחו את כתובת הקיוסק; התקינו אותו בסמל שבשורת הכתובת.",
  "setup.windows.ui.wizard": "אשף ייבוא האישורים",
  "setup.windows.ui.auto": "בחר באופן אוטומטי את מאגר האישורים",
  "setup.windows.ui.place": "הצב את כל האישורים במאגר הבא",
  "setup.windows.ui.store": "רשויות אישורים עליונות מהימנות",

  "setup.macos.name": "Mac",
  "setup.macos.step1":
    "הורידו את האישור ופתחו אותו: „גישה למחזיק מפתחות” מוסיף אותו למחזיק „התחברות”.",
  "setup.macos.step2":
    "ב„גישה למחזיק מפתחות” לחצו פעמיים על „{ca}”, פתחו את „אמון” וקבעו את „בעת שימוש באישור זה” ל„סמוך תמיד”.",
  "setup.macos.step3": "סגרו את החלון ואשרו בסיסמת ה-Mac.",
  "setup.macos.step4": "פתחו את כתובת הקיוסק ב-Safari או ב-Chrome.",
  "setup.macos.ui.trust": "אמון",
  "setup.macos.ui.when": "בעת שימוש באישור זה:",
  "setup.macos.ui.always": "סמוך תמיד",
  "setup.macos.ui.ssl": "Secure Sockets Layer (SSL)",

  "setup.chromeos.name": "Chromebook",
  "setup.chromeos.step1": "הורידו את האישור: הוא נשמר בתיקיית ההורדות.",
  "setup.chromeos.step2":
    "פתחו Chrome › הגדרות › פרטיות ואבטחה › אבטחה › ניהול אישורים, לשונית רשויות (בגרסאות חדשות: אישורים מקומיים › הותקנו על ידך), ולחצו על ייבוא.",
  "setup.chromeos.step3":
    "בחרו „stamp-local-ca.crt”, סמנו „תן אמון באישור זה לזיהוי אתרים” ולחצו אישור.",
  "setup.chromeos.step4": "פתחו את כתובת הקיוסק והתקינו אותו בסמל שבשורת הכתובת.",
  "setup.chromeos.ui.manage": "ניהול אישורים",
  "setup.chromeos.ui.authorities": "רשויות",
  "setup.chromeos.ui.import": "ייבוא",
  "setup.chromeos.ui.websites": "תן אמון באישור זה לזיהוי אתרים",
};
