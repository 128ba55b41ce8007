"""The instructor's tools, beside the learner's grader and built on it (they grade with
`python -m checks` itself, in a subprocess per submission, and reuse its reports).

    submissions.py   whose each hand-in is (Gradescope, Canvas, Moodle, GitHub Classroom exports, a roster),
                     finding a student's lesson files wherever they put them, and fingerprinting them
    grade_class.py   `python -m checks grade-class SUBMISSIONS --out DIR`: a whole class on this machine,
                     with its gradebooks (grades.csv, canvas.csv, scores.csv) and summary
    similarity.py    `grade-class --similarity`: the most similar pairs per lesson (copydetect)
    autograder.py    `python -m checks autograder FILE.zip`: the course as a Gradescope autograder
                     (its setup.sh and run_autograder are templates in gradescope/)
"""
