danger-intro = ⚠️ You are not alone. If you are in danger now, call:
danger-call-112 = <b>112</b> — emergency help. Free, even with no money on your phone.
danger-call-103 = <b>103</b> — ambulance.
danger-call-102 = <b>102</b> — police.
danger-helpline-self-harm = <b>{ $number }</b> — Tatarstan youth helpline. Free. You can just talk.
danger-helpline-violence = <b>{ $number }</b> — helpline for women who are beaten at home. Free.
