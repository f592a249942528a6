## The staff group (consultants). Shown in STAFF_LANGUAGE.

staff-header =
    🆕 <b>Consultation #{ $code }</b>
    Role: { $role }
    Language: { $language }
staff-header-article = About the article: { $article }
staff-header-urgent = 🚨 Urgent: signs of danger ({ $categories }).
staff-topic-recreated = ♻️ This topic was created again (the old one was deleted, or the consultation came from another group). Recent messages are copied below.
staff-header-help =
    Reply in this topic: everything goes to the person anonymously, signed with the role.
    /help lists every command. /note and messages starting with // stay inside the group.
staff-not-a-ticket = This message is not part of a consultation. Write in a consultation's topic, or reply to one of its messages.
staff-not-consultant = Only the consultants listed in CONSULTANT_IDS can answer and manage consultations. Your message was not sent to the person.
staff-ban-admins-only = Only a group administrator can block. The person is not blocked.
staff-taken = ✋ #{ $code } taken by { $name }
staff-already-closed = #{ $code } is already closed.
staff-reopened = 🔓 #{ $code } is open again; the person was told.
staff-cannot-reopen = #{ $code } cannot be reopened (it is open, or the person deleted their data).
staff-user-gone = The person deleted their data: the reply in #{ $code } cannot be delivered.
staff-ticket-closed = #{ $code } is closed: the reply was not sent. Open it again with /reopen.
staff-closed-by-user = ✅ The person closed #{ $code }.
staff-closed-by-staff = ✅ #{ $code } closed by a consultant; the person was told.
staff-auto-closed = ⌛ #{ $code } closed automatically: no messages for { $days } days.
staff-rated = ⭐ Rating for #{ $code }: { $stars }
staff-user-blocked = 🚫 The person in #{ $code } has blocked the bot. Replies will be delivered if they unblock it.
staff-user-unblocked = ✅ The person in #{ $code } can be reached again.
staff-banned = ⛔ The person in #{ $code } is blocked. Reason: { $reason }
staff-sla = ⏰ #{ $code }: no reply for { $minutes } minutes.
staff-message-gone = ⚠️ #{ $code }: the person deleted a message before it was copied.
staff-relay-failed = ⚠️ #{ $code }: Telegram refused an answer, and the person did not get it. Please send it again, shorter or without formatting.
staff-urgent = 🚨 #{ $code }: signs of danger ({ $categories }). The person was sent the emergency numbers.
staff-crisis-self-harm = harm to self
staff-crisis-violence = violence
staff-crisis-trafficking = documents taken / forced labour
staff-crisis-medical = medical emergency
staff-header-not-russian = ⚠️ The person chose { $language } and may not read Russian well: write short, plain sentences, or send a vetted answer in their language (/a).
staff-header-earlier = 🔁 Consultation no. { $number } of this person. Earlier: { $codes }
staff-header-taken = 🙋 Taken by { $name }
staff-help =
    <b>Commands in a consultation's topic</b>
    Any message in the topic goes to the person anonymously, signed with the role.
    /take — take the consultation, /untake — give it back to everyone
    /a — vetted answers; /a name — send one in the person's language
    /pass doctor | lawyer | social — hand it to another role
    /close — close, /reopen — open again
    /ban reason — block the person (administrators)
    /note text or // text — a note inside the group, never sent to the person (marked ✍)
staff-untaken = ↩️ #{ $code } is free again: any consultant can take it.
staff-not-taken = Nobody has taken #{ $code }.
staff-pass-usage = Hand it to whom? Write: /pass { $roles }
staff-pass-same = #{ $code } is already with the { $role }.
staff-pass-busy = The person already has an open consultation with the { $role }: #{ $other }. Nothing was handed over.
staff-passed = ➡️ #{ $code } handed over: { $before } → { $after }. The person was told in their language.
staff-answers-list = 📚 Vetted answers for #{ $code } (sent in the person's language):
staff-answers-other = For other roles: { $names }
staff-answer-unknown = Not sent: there is no vetted answer "{ $name }". Did you mean: { $suggestions }? The list: /a
staff-answer-sent = 📤 #{ $code }: vetted answer "{ $title }" sent (in { $language }). The Russian text:
staff-unknown-command = Not sent: there is no command /{ $command }. Did you mean { $suggestions }? Every command: /help
staff-unknown-command-no-guess = Not sent: there is no command /{ $command }. Every command: /help
staff-person-forgot = 🗑 The person deleted their data; consultation #{ $code } is closed. They can no longer be answered.
staff-passed-away = ➡️ #{ $code } handed over: { $before } → { $after }. It continues in that role's group; this topic is closed.
