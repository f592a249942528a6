## Foundation: language, main menu, help, privacy, emergency numbers, hints.

lang-picker-prompt = 🌐 Choose your language
lang-saved = ✅ Language: English. To change it: /language
welcome-back = 👋 Welcome back!
welcome =
    👋 <b>mi-Help</b> helps migrants in Kazan: rights, documents, work, health.
    Free and anonymous: we do not ask your name or phone number.
    🆘 The SOS button is always at the bottom of the screen: emergency numbers.

menu-title = 🏠 Main menu. Choose what you need:
menu-sos = 🆘 Emergency numbers
menu-language = 🌐 Language
menu-help = ❓ Help
menu-privacy = 🔒 Privacy

kbd-menu = 🏠 Menu
kbd-sos = 🆘 SOS
kbd-placeholder = Write a question or tap a button

btn-home = 🏠 Menu
btn-back = ⬅️ Back

sos-text =
    🆘 <b>Emergency numbers</b> (free)

    <b>112</b> — the single emergency number. Works without a SIM card and without money on the phone.
    <b>101</b> — fire, rescue.
    <b>102</b> — police: you were attacked or threatened.
    <b>103</b> — ambulance: a person is very ill or injured.
    <b>104</b> — you smell gas.

    Not sure which one? Call <b>112</b>. Say the address or describe the place.

help-text =
    ❓ <b>What this bot does</b>

    • Write your question in your own words and language: the bot finds the answer.
    • 📚 Help: documents, work, health, life in Kazan.
    • 💬 Ask a lawyer, a doctor or a social worker, anonymously.
    • 🗺 A map of useful places. 🎓 A short course for newcomers.
    • 🆘 Emergency numbers: /sos

    /language — change the language · /privacy — what we keep · /forget — delete my data · /notifications — announcements

    The bot is free. It does not collect names or phone numbers.

privacy-text =
    🔒 <b>Your privacy</b>

    • We do not keep your name, username or phone number.
    • We keep an encrypted number of your account and your language, so the bot can answer you.
    • Consultants do not see who you are. They only see a consultation number, like #K7Q2.
    • Closed consultations are deleted after { $retention_days ->
        [one] { $retention_days } day
       *[other] { $retention_days } days
    }.
    • If you do not use the bot for longer than that, we delete everything else about you too.
    • Questions we could not answer are kept without any link to you, to improve the help texts.
    • /forget deletes everything about you at once.
    • If a consultant blocked you for abuse, we keep only an encrypted fingerprint of your account, not its number. So the block stays after /forget.

    We never ask for your passport number or address.
    This bot is not a government service. A non-profit organisation runs it.

cmd-start = Start
cmd-menu = Main menu
cmd-sos = Emergency numbers
cmd-language = Change language
cmd-help = What the bot does
cmd-privacy = Privacy

hint-unknown-command = 🤔 There is no such command. Open the menu:
hint-sticker = 🙂 Thank you! To find an answer, open the menu or write your question in words.
hint-media = 📎 The bot cannot read this file. Write your question in words or open the menu.
hint-edited = ✏️ The bot sees only new messages. Please send your question again.
hint-use-menu = Open the menu and choose a section:

error-generic = 😔 Something went wrong. Please try again in a minute.
error-stale-button = This button is out of date. Open the menu again: /menu
