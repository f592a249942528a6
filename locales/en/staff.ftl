## The staff group (consultants). Shown in STAFF_LANGUAGE.

staff-header =
    🆕 <b>Consultation #{ $code }</b>
    Role: { $role }
    Language: { $language }
staff-header-article = About the article: { $article }
staff-header-urgent = 🚨 Urgent: the message shows signs of danger.
staff-topic-recreated = ♻️ This topic was deleted and created again. Recent messages are copied below.
staff-header-help =
    Reply in this topic: everything goes to the person anonymously, signed with the role.
    Commands: /take — take it, /close — close, /reopen — open again, /ban reason — block the person.
    /note and messages starting with // stay inside the group.
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
