## The staff group (consultants). Shown in STAFF_LANGUAGE.
## Kyrgyz.

staff-header =
    🆕 <b>Кеңеш #{ $code }</b>
    Роль: { $role }
    Тил: { $language }
staff-header-article = Макала боюнча суроо: { $article }
staff-header-urgent = 🚨 Шашылыш: билдирүүдө коркунучтун белгилери бар.
staff-topic-recreated = ♻️ Тема өчүрүлгөн экен, ал кайра түзүлдү. Акыркы билдирүүлөр төмөндө көчүрүлдү.
staff-header-help =
    Жоопту ушул темага жазыңыз: баары адамга анонимдүү түрдө, ролдун атынан барат.
    Буйруктар: /take — алуу, /close — жабуу, /reopen — кайра ачуу, /ban себеби — бөгөттөө.
    /note жана // менен башталган билдирүүлөр топтун ичинде калат.
staff-not-a-ticket = Бул билдирүү кеңешке тиешелүү эмес. Кеңештин темасына же анын билдирүүсүнө жооп катары жазыңыз.
staff-not-consultant = CONSULTANT_IDS тизмесиндеги кеңешчилер гана жооп берип, кеңештерди башкара алат. Билдирүүңүз адамга жөнөтүлгөн жок.
staff-ban-admins-only = Топтун администратору гана бөгөттөй алат. Адам бөгөттөлгөн жок.
staff-taken = ✋ #{ $code } алды: { $name }
staff-already-closed = #{ $code } мурунтан эле жабылган.
staff-reopened = 🔓 #{ $code } кайра ачылды, адамга билдирилди.
staff-cannot-reopen = #{ $code } кайра ачылбайт (ал ачык же адам өз маалыматтарын өчүргөн).
staff-user-gone = Адам өз маалыматтарын өчүргөн: #{ $code } боюнча жоопту жеткирүүгө болбойт.
staff-ticket-closed = #{ $code } жабык: жооп жөнөтүлгөн жок. Аны /reopen буйругу менен кайра ачыңыз.
staff-closed-by-user = ✅ Адам #{ $code } кеңешин жапты.
staff-closed-by-staff = ✅ #{ $code } кеңешчи тарабынан жабылды, адамга билдирилди.
staff-auto-closed = ⌛ #{ $code } автоматтык түрдө жабылды: { $days } күн бою билдирүү жок.
staff-rated = ⭐ #{ $code } баасы: { $stars }
staff-user-blocked = 🚫 #{ $code }: адам ботту бөгөттөп койду. Бөгөттөн чыгарса, жооптор жеткирилет.
staff-user-unblocked = ✅ #{ $code }: адам менен кайра байланышууга болот.
staff-banned = ⛔ #{ $code }: адам бөгөттөлдү. Себеби: { $reason }
staff-sla = ⏰ #{ $code }: { $minutes } мүнөттөн бери жооп жок.
staff-message-gone = ⚠️ #{ $code }: адам билдирүүнү көчүрүлгөнгө чейин өчүрүп салды.
staff-relay-failed = ⚠️ #{ $code }: Telegram жоопту кабыл алган жок, адам аны алган жок. Кайра жөнөтүңүз: кыскараак же форматсыз.
staff-urgent = 🚨 #{ $code }: коркунучтун белгилери ({ $categories }). Адамга шашылыш номерлер жөнөтүлдү.
staff-crisis-self-harm = өзүнө зыян келтирүү коркунучу
staff-crisis-violence = зордук-зомбулук
staff-crisis-trafficking = документтери тартылып алынган / мажбурлап иштетүү
staff-crisis-medical = шашылыш медициналык абал
