danger-intro = ⚠️ Siz yolgʻiz emassiz. Hozir xavf boʻlsa, qoʻngʻiroq qiling:
danger-call-112 = <b>112</b> — favqulodda yordam. Bepul, telefonda pul boʻlmasa ham.
danger-call-103 = <b>103</b> — tez yordam.
danger-call-102 = <b>102</b> — politsiya.
danger-helpline-self-harm = <b>{ $number }</b> — Tatariston yoshlar ishonch telefoni. Bepul. Shunchaki gaplashsangiz ham boʻladi.
danger-helpline-violence = <b>{ $number }</b> — uyda kaltaklanayotgan ayollar uchun ishonch telefoni. Bepul.
