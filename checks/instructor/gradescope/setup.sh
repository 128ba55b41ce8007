#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (made by
# `python -m checks autograder FILE.zip`; docs/instructors.md, "On Gradescope").
#
# It installs, with the system's own Python (world-readable, so the learner's user can run it):
#   @PREFIX@/venv      NumPy, pytest, hypothesis and the rest, at the versions pinned in
#                      requirements.txt (readable by everyone: the worker imports NumPy from it)
#   @PREFIX@/course    the course from the wheel in this zip; its checks/, solutions/ and
#                      lessons/ are root's alone (mode 700), its worker/ and digits/ readable
#   @PREFIX@/exam-secret  the instructor's exam secret from this zip, root's alone (mode 600)
# and creates the unprivileged user `@USER@` that runs the learner's code. This folder (the
# zip, wheel included) is made root's alone too. The last step checks all of that as that user.
set -euo pipefail
umask 022
here="$(cd "$(dirname "$0")" && pwd)"
prefix=@PREFIX@
user=@USER@
python=/usr/bin/python3

rm -rf "$prefix"
mkdir -p "$prefix"
if ! "$python" -m venv "$prefix/venv" >/dev/null 2>&1; then
  # Ubuntu ships the venv module (and ensurepip) as a package of its own
  rm -rf "$prefix/venv"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  "$python" -m venv "$prefix/venv"
fi
"$prefix/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
  --requirement "$here/requirements.txt"
"$prefix/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
  --no-deps --no-index --target "$prefix/course" "$here"/*.whl

install -m 600 -o root -g root "$here/exam-secret" "$prefix/exam-secret"

chmod 755 "$prefix" "$prefix/course"
chown -R root:root "$prefix/course"
chmod -R go-rwx "$prefix/course/checks" "$prefix/course/solutions" "$prefix/course/lessons"
chmod -R go-rwx "$here"

if ! id -u "$user" >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
fi

PYTHONPATH="$prefix/course" CHECKS_WORKER_USER="$user" \
  "$prefix/venv/bin/python" -m checks.instructor.autograder check-install --user "$user"
