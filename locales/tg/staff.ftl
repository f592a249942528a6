## The staff group (consultants). Shown in STAFF_LANGUAGE.
## Tajik.

staff-header =
    🆕 <b>Машварати #{ $code }</b>
    Нақш: { $role }
    Забон: { $language }
staff-header-article = Савол дар бораи мақола: { $article }
staff-header-urgent = 🚨 Таъҷилӣ: нишонаҳои хатар ({ $categories }).
staff-topic-recreated = ♻️ Мавзӯъ аз нав сохта шуд (мавзӯи пештара нест карда шуд ё машварат аз гурӯҳи дигар супурда шуд). Паёмҳои охирин дар поён нусхабардорӣ шудаанд.
staff-header-help =
    Ҷавобро дар ҳамин мавзӯъ нависед: ҳама ба шахс беном, аз номи нақш меравад.
    /help — ҳамаи фармонҳо. /note ва паёмҳое, ки бо // сар мешаванд, дар дохили гурӯҳ мемонанд.
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
staff-header-not-russian = ⚠️ Шахс забони «{ $language }»-ро интихоб кардааст ва шояд русиро хуб хонда натавонад: кӯтоҳ ва содда нависед ё ҷавоби тайёрро бо забони ӯ фиристед (/a).
staff-header-earlier = 🔁 Машварати { $number }-уми ин шахс. Пештар: { $codes }
staff-header-taken = 🙋 Гирифт: { $name }
staff-help =
    <b>Фармонҳо дар мавзӯи машварат</b>
    Ҳар паём дар мавзӯъ ба шахс беном, аз номи нақш меравад.
    /take — машваратро гирифтан, /untake — онро ба ҳама баргардондан
    /a — ҷавобҳои тайёр; /a ном — ҷавобро бо забони шахс фиристодан
    /pass doctor | lawyer | social — ба нақши дигар супурдан
    /close — бастан, /reopen — аз нав кушодан
    /ban сабаб — шахсро манъ кардан (маъмурон)
    /note матн ё // матн — қайд дар дохили гурӯҳ, ба шахс намеравад (бо ✍ қайд мешавад)
staff-untaken = ↩️ #{ $code } боз озод аст: ҳар машваратчӣ метавонад онро гирад.
staff-not-taken = #{ $code }-ро касе нагирифтааст.
staff-pass-usage = Ба кӣ супорем? Нависед: /pass { $roles }
staff-pass-same = #{ $code } аллакай дар нақши «{ $role }» аст.
staff-pass-busy = Шахс бо «{ $role }» машварати кушода дорад: #{ $other }. Чизе супурда нашуд.
staff-passed = ➡️ #{ $code } супурда шуд: { $before } → { $after }. Ба шахс бо забони худаш гуфта шуд.
staff-answers-list = 📚 Ҷавобҳои тайёр барои #{ $code } (бо забони шахс мераванд):
staff-answers-other = Барои нақшҳои дигар: { $names }
staff-answer-unknown = Фиристода нашуд: ҷавоби тайёри «{ $name }» нест. Шояд: { $suggestions }. Рӯйхат: /a
staff-answer-sent = 📤 #{ $code }: ҷавоби тайёри «{ $title }» фиристода шуд (бо забони { $language }). Матни русӣ:
staff-unknown-command = Фиристода нашуд: фармони /{ $command } нест. Шояд { $suggestions }? Ҳамаи фармонҳо: /help
staff-unknown-command-no-guess = Фиристода нашуд: фармони /{ $command } нест. Ҳамаи фармонҳо: /help
staff-person-forgot = 🗑 Шахс маълумоти худро нест кард; машварати #{ $code } баста шуд. Ба ӯ дигар ҷавоб додан мумкин нест.
staff-passed-away = ➡️ #{ $code } супурда шуд: { $before } → { $after }. Минбаъд он дар гурӯҳи ҳамин нақш идома меёбад; ин мавзӯъ баста шуд.
