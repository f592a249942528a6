## The staff group (consultants). Shown in STAFF_LANGUAGE.
## Kyrgyz.

staff-header =
    🆕 <b>Кеңеш #{ $code }</b>
    Ролу: { $role }
    Тили: { $language }
staff-header-article = Макала боюнча суроо: { $article }
staff-header-urgent = 🚨 Шашылыш: коркунучтун белгилери ({ $categories }).
staff-topic-recreated = ♻️ Тема кайра түзүлдү (мурункусу өчүрүлгөн же кеңеш башка топтон берилген). Акыркы билдирүүлөр төмөндө көчүрүлдү.
staff-header-help =
    Жоопту ушул темада жазыңыз: баары адамга анонимдүү, ролдун атынан барат.
    /help — бардык буйруктар. /note жана // менен башталган билдирүүлөр топтун ичинде калат.
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
staff-header-not-russian = ⚠️ Адам «{ $language }» тилин тандаган, орусча жакшы окубашы мүмкүн: кыска жана жөнөкөй жазыңыз же анын тилиндеги даяр жоопту жөнөтүңүз (/a).
staff-header-earlier = 🔁 Бул адамдын { $number }-кеңеши. Мурункулары: { $codes }
staff-header-taken = 🙋 Алды: { $name }
staff-help =
    <b>Кеңеш темасындагы буйруктар</b>
    Темадагы ар бир билдирүү адамга анонимдүү, ролдун атынан барат.
    /take — кеңешти алуу, /untake — аны баарына кайтаруу
    /a — даяр жооптор; /a аты — жоопту адамдын тилинде жөнөтүү
    /pass doctor | lawyer | social — башка ролго берүү
    /close — жабуу, /reopen — кайра ачуу
    /ban себеби — адамды бөгөттөө (администраторлор)
    /note текст же // текст — топтун ичиндеги эскертме, адамга барбайт (✍ менен белгиленет)
staff-untaken = ↩️ #{ $code } кайра бош: аны каалаган кеңешчи ала алат.
staff-not-taken = #{ $code } кеңешин эч ким алган эмес.
staff-pass-usage = Кимге берүү керек? Жазыңыз: /pass { $roles }
staff-pass-same = #{ $code } буга чейин эле «{ $role }» ролунда.
staff-pass-busy = Адамдын «{ $role }» менен ачык кеңеши бар: #{ $other }. Эч нерсе берилген жок.
staff-passed = ➡️ #{ $code } берилди: { $before } → { $after }. Адамга өз тилинде айтылды.
staff-answers-list = 📚 #{ $code } үчүн даяр жооптор (адамдын тилинде барат):
staff-answers-other = Башка ролдор үчүн: { $names }
staff-answer-unknown = Жөнөтүлгөн жок: «{ $name }» деген даяр жооп жок. Балким: { $suggestions }. Тизме: /a
staff-answer-sent = 📤 #{ $code }: «{ $title }» даяр жообу жөнөтүлдү ({ $language } тилинде). Орусча тексти:
staff-unknown-command = Жөнөтүлгөн жок: /{ $command } буйругу жок. Балким { $suggestions }? Бардык буйруктар: /help
staff-unknown-command-no-guess = Жөнөтүлгөн жок: /{ $command } буйругу жок. Бардык буйруктар: /help
staff-person-forgot = 🗑 Адам өз маалыматтарын өчүрдү; #{ $code } кеңеши жабылды. Ага мындан ары жооп берүүгө болбойт.
staff-passed-away = ➡️ #{ $code } берилди: { $before } → { $after }. Мындан ары ал ошол ролдун тобунда улантат; бул тема жабылды.
