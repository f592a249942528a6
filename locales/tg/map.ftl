## The guide map of Kazan.
## Tajik.

menu-map = 🗺 Харита: ба куҷо равем
cmd-map = Ҷойҳои муфид дар Қазон
map-title = 🗺 Ҷойҳои муфид дар Қазон. Чӣ ҷустуҷӯ мекунед? Интихоб кунед:
map-category-title = { $category }. Ҷойро интихоб кунед:
map-cat-migration = 🏢 Хадамоти муҳоҷират
map-cat-medical-exam = 🩺 Муоинаи тиббӣ
map-cat-fingerprinting = 🖐 Дактилоскопия
map-cat-hiv = 🧪 Санҷиш ба ВНМО (ВИЧ)
map-cat-sti = 🩺 Диспансери пӯст ва зуҳравӣ
map-cat-hospital = 🏥 Беморхонаҳо
map-cat-consulate = 🏳️ Консулгариҳо
map-cat-ngo = 🤝 Кӯмак ва ҷамоатҳо
map-cat-legal-aid = ⚖️ Ёрии ҳуқуқии ройгон
map-cat-labour-inspection = 🧰 Нозироти меҳнат
map-cat-ombudsman = 🛡 Ваколатдор оид ба ҳуқуқи инсон
map-nearest = 📍 Чӣ ба ман наздиктар аст?
map-share-location = 📍 Ҷои худро фиристодан
map-cancel = ❌ Бекор кардан
map-ask-location = Тугмаи «📍 Ҷои худро фиристодан»-ро дар поён пахш кунед. Мо инро як бор истифода мебарем ва нигоҳ намедорем.
map-cancelled = Хуб, бекор карда шуд.
map-location-not-stored = 🔒 Ҷои шумо нигоҳ дошта нашуд.
map-near-title = 📍 Ҷойҳои наздиктарин:
map-near-none = Мо ҳоло нуқтаҳои дақиқи ин ҷойҳоро дар харита надорем. Бинобар ин масофаро ҳисоб карда наметавонем.
map-near-addresses = Инак, ин ҷойҳо. Барои дидани суроға якеашро кушоед:
map-distance-m = { $metres } м
map-distance-km = { NUMBER($km, maximumFractionDigits: 1) } км
map-no-address = суроға тасдиқ нашудааст — дар поён бинед, ки чӣ тавр санҷед
map-no-point = Дар харита нуқта нест: тугмаҳои поён ин суроғаро дар харитаҳо ҷустуҷӯ мекунанд.
map-bring = Бо худ гиред:
map-open-yandex = Яндекс Карты
map-open-2gis = 2ГИС
map-open-osm = OSM
