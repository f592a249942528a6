# Shown first when a message to the search or to a consultant shows danger (bot/ui/danger.py):
# the intro, 112, then the numbers for the situation. Numbers of helplines come from
# knowledge/danger/helplines.yaml as { $number }, with their sources.
danger-intro = ⚠️ Вы не одни. Если опасность сейчас, звоните:
danger-call-112 = <b>112</b> — экстренная помощь. Бесплатно, даже без денег на телефоне.
danger-call-103 = <b>103</b> — скорая помощь.
danger-call-102 = <b>102</b> — полиция.
danger-helpline-self-harm = <b>{ $number }</b> — телефон доверия Татарстана для молодёжи. Бесплатно. Можно просто поговорить.
danger-helpline-violence = <b>{ $number }</b> — телефон доверия для женщин, которых бьют дома. Бесплатно.
