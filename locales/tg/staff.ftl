## The staff group (consultants). Shown in STAFF_LANGUAGE.
## Tajik.

staff-header =
    🆕 <b>Машварати #{ $code }</b>
    Нақш: { $role }
    Забон: { $language }
staff-header-article = Савол дар бораи мақола: { $article }
staff-header-urgent = 🚨 Таъҷилӣ: дар паём нишонаҳои хатар ҳаст.
staff-topic-recreated = ♻️ Мавзӯъ нест шуда буд ва аз нав сохта шуд. Паёмҳои охирин дар поён нусхабардорӣ шудаанд.
staff-header-help =
    Ҷавобро дар ҳамин мавзӯъ нависед: ҳама чиз ба одам беном, аз номи нақш меравад.
    Фармонҳо: /take — гирифтан, /close — бастан, /reopen — боз кушодан, /ban сабаб — блок кардан.
    /note ва паёмҳое, ки бо // оғоз мешаванд, дар дохили гурӯҳ мемонанд.
staff-not-a-ticket = Ин паём ба машварат дахл надорад. Дар мавзӯи машварат ё ҳамчун ҷавоб ба паёми он нависед.
staff-not-consultant = Танҳо машваратчиёни рӯйхати CONSULTANT_IDS метавонанд ҷавоб диҳанд ва машваратҳоро идора кунанд. Паёми шумо ба одам фиристода нашуд.
staff-ban-admins-only = Танҳо маъмури гурӯҳ метавонад блок кунад. Одам блок карда нашуд.
staff-taken = ✋ #{ $code }-ро { $name } гирифт
staff-already-closed = #{ $code } аллакай баста шудааст.
staff-reopened = 🔓 #{ $code } боз кушода шуд, ба одам хабар доданд.
staff-cannot-reopen = #{ $code }-ро боз кушодан мумкин нест (он кушода аст ё одам маълумоти худро нест кардааст).
staff-user-gone = Одам маълумоти худро нест кардааст: ҷавоби #{ $code }-ро расондан мумкин нест.
staff-ticket-closed = #{ $code } баста аст: ҷавоб фиристода нашуд. Онро бо фармони /reopen боз кушоед.
staff-closed-by-user = ✅ Одам #{ $code }-ро баст.
staff-closed-by-staff = ✅ #{ $code }-ро машваратчӣ баст, ба одам хабар доданд.
staff-auto-closed = ⌛ #{ $code } худкор баста шуд: { $days } рӯз паём нест.
staff-rated = ⭐ Баҳои #{ $code }: { $stars }
staff-user-blocked = 🚫 Одам аз #{ $code } ботро блок кард. Агар ӯ блокро бардорад, ҷавобҳо мерасанд.
staff-user-unblocked = ✅ Одам аз #{ $code } боз дастрас аст.
staff-banned = ⛔ Одам аз #{ $code } блок карда шуд. Сабаб: { $reason }
staff-sla = ⏰ #{ $code }: { $minutes } дақиқа боз ҷавоб нест.
staff-message-gone = ⚠️ #{ $code }: одам паёмро пеш аз нусхабардорӣ нест кард.
staff-relay-failed = ⚠️ #{ $code }: Telegram ҷавобро қабул накард, одам онро нагирифт. Бори дигар фиристед: кӯтоҳтар ё бе ороиш.
staff-urgent = 🚨 #{ $code }: нишонаҳои хатар ({ $categories }). Ба одам рақамҳои фавқулодда фиристода шуданд.
staff-crisis-self-harm = хатари ба худ зарар расондан
staff-crisis-violence = зӯроварӣ
staff-crisis-trafficking = ҳуҷҷатҳоро гирифтаанд / меҳнати маҷбурӣ
staff-crisis-medical = ҳолати таъҷилии тиббӣ
