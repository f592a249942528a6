## Anonymous consultations: the migrant's side.
## Kyrgyz.

menu-consult = 💬 Кеңешчиден суроо
cmd-consult = Кеңешчиден суроо
cmd-forget = Маалыматтарымды өчүрүү

consult-role-lawyer = ⚖️ Юрист
consult-role-doctor = 🩺 Дарыгер
consult-role-social = 🤝 Социалдык кызматкер
consult-prefix-lawyer = ⚖️ Юрист:
consult-prefix-doctor = 🩺 Дарыгер:
consult-prefix-social = 🤝 Социалдык кызматкер:

consult-consent =
    💬 <b>Анонимдүү кеңеш</b>

    • Кеңешчи атыңызды, колдонуучу атыңызды жана телефон номериңизди көрбөйт.
    • Сизден суралбаса, паспорт номериңизди жана дарегиңизди жазбаңыз.
    • Бул шашылыш учурлар үчүн эмес. Коркунуч болсо же адамдын абалы начар болсо — 112 номерине чалыңыз (/sos).

    Кимге жазгыңыз келет?
consult-your-tickets = Ачык кеңештериңиз:
consult-ticket-line = #{ $code } · { $role } · { $status }
consult-status-draft = сиз азырынча жаза элексиз
consult-status-waiting = кеңешчинин жообун күтүүдө
consult-status-answered = жооп бар
consult-status-closed = жабылды

consult-btn-ask-about = 💬 Бул тууралуу кеңешчиден суроо
consult-btn-continue = ✍️ Улантуу #{ $code } { $role }
consult-btn-reply = ✍️ Жооп берүү
consult-btn-close = ✅ Кеңешти жабуу

consult-write-prompt =
    ✍️ Сурооңузду жазыңыз. Кимге: { $role }.
    Текст, үн, сүрөт же документ жөнөтсөңүз болот.
consult-write-more = ✍️ Жазыңыз: { $role }, кеңеш #{ $code }. Билдирүүлөрүңүз кеңешчиге барат.
consult-sent-first =
    ✅ Жөнөтүлдү. Кеңеш #{ $code }.
    Жооп ушул жерге, ушул чатка келет. Адатта бул бир нече саатка созулат.
    Дагы билдирүү жаза аласыз.

consult-too-fast = ⏳ Сиз өтө тез жазып жатасыз. Бул билдирүү ЖӨНӨТҮЛГӨН ЖОК. Бир мүнөт күтүп, аны кайра жөнөтүңүз.
consult-unsupported = Мындай билдирүүнү кеңешчиге жөнөтүүгө болбойт. Текст, үн билдирүүсүн, сүрөт же документ жөнөтүңүз.
consult-no-contacts = 🔒 Коопсуздугуңуз үчүн телефон номери бар байланыштар кеңешчилерге жөнөтүлбөйт.
consult-place-confirm = 📍 Сиз картадагы жерди жөнөттүңүз. Аны кеңешчиге жөнөтсөңүз, ал сиздин кайда экениңизди көрөт. Жөнөтөлүбү?
consult-place-send = 📍 Ооба, жөнөтүү
consult-place-keep = ❌ Жок, жөнөтпөө
consult-place-sent = 📍 Жер кеңешчиге жөнөтүлдү.
consult-place-kept = 🔒 Макул, жер жөнөтүлгөн жок. Кеңешчи аны көрбөйт.
consult-banned = Сиз мындан ары кеңешчилерге жаза албайсыз. Менюдагы маалымат мурдагыдай эле ачык.
consult-closed-write-new = Бул кеңеш жабылган. Кайра суроо үчүн менюну ачыңыз → «Кеңешчиден суроо».
consult-closed-ok = Кеңеш жабылды.
consult-closed-by-user = ✅ Сиз #{ $code } кеңешин жаптыңыз.
consult-closed-by-staff = ✅ Кеңешчи #{ $code } кеңешин жапты.
consult-auto-closed = #{ $code } кеңеши жабылды: анда { $days ->
        [one] { $days } күн
       *[other] { $days } күн
    } бою билдирүү болгон жок. Жардам керек болсо, жаңысын баштаңыз.
consult-reopened = #{ $code } кеңеши кайра ачылды. Жаза берсеңиз болот.
consult-rate-ask = Сураныч, жардамга баа бериңиз:
consult-rated = Бааңыз үчүн рахмат!


forget-confirm =
    🗑 Бардык маалыматтарыңыз өчүрүлсүнбү?
    Тилиңизди, кеңештериңизди жана билдирүүлөрүңүздү өчүрөбүз. Аларды кайра калыбына келтирүүгө болбойт.
forget-yes = Ооба, баарын өчүрүү
forget-no = Жок
forget-cancelled = Макул, эч нерсе өчүрүлгөн жок.
forget-done = ✅ Бардык маалыматтарыңыз өчүрүлдү. Кайра баштоо үчүн /start жөнөтүңүз.
