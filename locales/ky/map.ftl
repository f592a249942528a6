## The guide map of Kazan.
## Kyrgyz.

menu-map = 🗺 Карта: кайда кайрылуу керек
cmd-map = Казандагы пайдалуу жерлер
map-title = 🗺 Казандагы пайдалуу жерлер. Эмне издеп жатасыз? Тандаңыз:
map-category-title = { $category }. Жерди тандаңыз:
map-cat-migration = 🏢 Миграция кызматтары
map-cat-medical-exam = 🩺 Медициналык кароо
map-cat-fingerprinting = 🖐 Дактилоскопия
map-cat-hiv = 🧪 АИВ (ВИЧ) тести
map-cat-sti = 🩺 Тери-венерологиялык диспансер
map-cat-hospital = 🏥 Ооруканалар
map-cat-consulate = 🏳️ Консулдуктар
map-cat-ngo = 🤝 Жардам жана жамааттар
map-cat-legal-aid = ⚖️ Акысыз юридикалык жардам
map-cat-labour-inspection = 🧰 Эмгек инспекциясы
map-cat-ombudsman = 🛡 Адам укуктары боюнча өкүл
map-nearest = 📍 Мага эмне жакыныраак?
map-share-location = 📍 Кайда экенимди жөнөтүү
map-cancel = ❌ Жокко чыгаруу
map-ask-location = Төмөндөгү «📍 Кайда экенимди жөнөтүү» баскычын басыңыз. Биз муну бир жолу колдонобуз жана сактабайбыз.
map-cancelled = Макул, жокко чыгарылды.
map-location-not-stored = 🔒 Жайгашкан жериңиз сакталган жок.
map-near-title = 📍 Эң жакын жерлер:
map-near-none = Бул жерлердин картадагы так чекиттери бизде азырынча жок. Ошондуктан аралыкты эсептей албайбыз.
map-near-addresses = Мына бул жерлер. Даректи көрүү үчүн бирин ачыңыз:
map-distance-m = { $metres } м
map-distance-km = { NUMBER($km, maximumFractionDigits: 1) } км
map-no-address = дарек тастыкталган эмес — кантип тактоону төмөндөн караңыз
map-no-point = Картада чекит жок: төмөндөгү баскычтар бул даректи карталардан издейт.
map-bring = Өзүңүз менен алыңыз:
map-open-yandex = Яндекс Карты
map-open-2gis = 2ГИС
map-open-osm = OSM
