## Anonymous consultations: the migrant's side.

menu-consult = 💬 Ask a consultant
cmd-consult = Ask a consultant
cmd-forget = Delete my data

consult-role-lawyer = ⚖️ Lawyer
consult-role-doctor = 🩺 Doctor
consult-role-social = 🤝 Social worker
consult-prefix-lawyer = ⚖️ Lawyer:
consult-prefix-doctor = 🩺 Doctor:
consult-prefix-social = 🤝 Social worker:

consult-consent =
    💬 <b>Anonymous consultation</b>

    • The consultant does not see your name, username or phone number.
    • Do not write your passport number or address unless you are asked.
    • This is not for emergencies. If there is danger or someone is very ill, call 112 (/sos).

    Who do you want to write to?
consult-your-tickets = Your open consultations:
consult-ticket-line = #{ $code } · { $role } · { $status }
consult-status-draft = you have not written yet
consult-status-waiting = waiting for a consultant
consult-status-answered = answered
consult-status-closed = closed

consult-btn-ask-about = 💬 Ask a consultant about this
consult-ask-doctor = 🩺 Ask a doctor
consult-ask-lawyer = ⚖️ Ask a lawyer
consult-btn-continue = ✍️ Continue #{ $code } { $role }
consult-btn-reply = ✍️ Reply
consult-btn-close = 🔚 Close consultation #{ $code }
consult-btn-close-yes = 🔚 Yes, close it
consult-btn-close-no = ↩️ No, keep it open

consult-write-prompt =
    ✍️ Write your question. It goes to: { $role }.
    You can use text, voice, a photo or a document.
    🔒 The consultant does not see your name or phone number.
consult-write-more = ✍️ Write to { $role }, consultation #{ $code }. Your messages go to the consultant.
consult-sent-first =
    ✅ Sent. Consultation #{ $code }.
    The answer will come here, in this chat. It usually takes a few hours.
    You can add more messages.

consult-too-fast = ⏳ You are writing too fast. This message and the next ones for a minute were NOT sent. Wait a minute and send them again.
consult-unsupported = This kind of message cannot go to a consultant. Send text, voice, a photo or a document.
consult-no-contacts = 🔒 For your safety, contacts with a phone number are not sent to consultants.
consult-place-confirm = 📍 You sent a place on the map. If you send it to the consultant, they will see where you are. Send it?
consult-place-send = 📍 Yes, send it
consult-place-keep = ❌ No, do not send
consult-place-sent = 📍 The place was sent to the consultant.
consult-place-kept = 🔒 OK, the place was not sent. The consultant does not see it.
consult-banned = You can no longer write to consultants. The help articles in the menu still work.
consult-closed-write-new = This consultation is closed. To ask again, open the menu → "Ask a consultant".
consult-close-confirm = Close consultation #{ $code }? After that, the consultant cannot answer you in it.
consult-closed-ok = 🔚 Consultation #{ $code } is closed.
consult-kept-open = OK, consultation #{ $code } stays open. The answer will come here.
consult-closed-by-user = 🔚 You closed consultation #{ $code }.
consult-closed-by-staff = 🔚 The consultant closed consultation #{ $code }.
consult-auto-closed = Consultation #{ $code } was closed: no messages for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }. If you need help, start a new one.
consult-reopened = Consultation #{ $code } is open again. You can write.
consult-rate-ask = Please rate the help you got:
consult-rated = 🙏 Thank you for your rating: { $stars }
held-offer =
    🎤 The bot cannot listen to voice messages or look at photos and files. A consultant can.
    Send this to a lawyer, a doctor or a social worker? It is free and anonymous.
held-btn-send = 📨 Send to a consultant
held-choose-role = Who should get it? The consultant does not see your name or phone number.
held-sent-more = ✅ Sent: { $role }, consultation #{ $code }. You can add more messages.


forget-confirm =
    🗑 Delete all your data?
    We will delete your language, consultations and messages. This cannot be undone.
forget-yes = Yes, delete everything
forget-no = No
forget-cancelled = OK, nothing was deleted.
forget-done = ✅ All your data was deleted. To start again, send /start.
consult-passed = ➡️ Your consultation #{ $code } was handed over: from now on the { $role } will answer you. You can keep writing here.
