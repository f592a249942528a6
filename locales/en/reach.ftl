## Reach: listen, share, the printable guide.

btn-listen = 🔊 Listen
btn-share = 📤 Share
btn-listen-russian = 🔊 Listen (Russian)
listen-no-voice = There is no voice in your language yet. You can listen to this text in Russian.
listen-unavailable = 🔇 Listening is not available right now. Please try later.
share-text =
    📤 Forward this message to a friend or to your community group.
    The link opens the answer in the mi-Help bot:
share-open = 📖 Open in mi-Help
share-inline = 💬 Send to a chat
inline-footer = The full answer is in the mi-Help bot 👇

menu-guide = 📄 Printable guide
cmd-guide = Printable PDF guide
guide-caption = 📄 mi-Help guide: the main rules, emergency numbers and addresses in Kazan. You can print it.
guide-title = A guide for migrant workers in Kazan
guide-made = Made on { DATETIME($date, dateStyle: "medium") }. Check the bot for new rules.
guide-scan-bot = Point your phone camera here to open the mi-Help bot: answers in your language, and anonymous questions to a lawyer, a doctor or a social worker.
guide-checklist = The first 30 days
guide-rules = The main rules
guide-emergency = Emergency numbers
guide-places = Where to go in Kazan
guide-scan-article = More in the bot
guide-scan-map = Map
guide-no-address = Address not confirmed.
guide-approximate = The map location is approximate: found by a program from the address, not checked yet.
guide-how-to-find = How to find it:
guide-disclaimer = This is general information, not legal or medical advice. Rules change: check the date and ask a consultant in the bot.
