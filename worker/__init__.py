"""The untrusted side of the grader: the only code that imports a learner's lessons.

    main.py   the worker process: loads lesson sources it is sent, calls one function at a
              time, answers with what it returned (or what it raised). Imports nothing of
              `checks` or `solutions`, and cannot import them while it runs. Also the zygote
              that forks fresh workers, NumPy imported once.
    wire.py   the data-only message format both sides speak (JSON + .npy, never pickle).

Everything that decides a verdict lives in `checks/` (the trusted side), which starts this
process (checks/remote.py), confines it (checks/sandbox.py) and never imports a lesson.
"""
