## The orientation course.

menu-course = 🎓 Course for newcomers
cmd-course = Course: your first weeks in Kazan
course-intro = 🎓 <b>Course for newcomers</b>: { $total } short lessons. Each takes 2 minutes and ends with 1–2 questions.
course-progress = 🎓 You stopped at lesson { $number } of { $total }.
course-finished-before = 🎓 You finished all { $total } lessons. You can repeat any lesson.
course-lesson-number = Lesson { $number } of { $total }
course-question-number = Question { $number } of { $total }
course-btn-start = ▶️ Start
course-btn-continue = ▶️ Continue: { $title }
course-btn-restart = 🔄 Start again
course-btn-summary = 🏁 Summary
course-btn-quiz = 📝 Test yourself
course-btn-next-lesson = ➡️ Next lesson
course-right = ✅ Right!
course-wrong = ❌ Not quite. The right answer: { $answer }.
course-your-answer = Your answer: { $answer }
course-summary =
    🏁 <b>You finished the course!</b>
    Right answers: { $correct } of { $answered }.

    What you learned:
course-restarted = The course starts again.
