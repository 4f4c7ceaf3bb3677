#!/bin/sh
# Print the path of a Python >= 3.12 that really runs, or fail with what to install.
# PySide6 6.12 on Python 3.11 aborts the process (none_dealloc), so 3.11 is never chosen.
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for cand in python3.13 python3.12 python3; do
    p=$(command -v "$cand" 2>/dev/null) || continue
    if ok "$p"; then echo "$p"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
    root=$(pyenv root)
    for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])(\.[0-9]+)?$' | sort -t. -k1,1nr -k2,2nr -k3,3nr); do
        p="$root/versions/$v/bin/python3"
        if [ -x "$p" ] && ok "$p"; then echo "$p"; exit 0; fi
    done
fi
echo "DisputeDesk needs Python 3.12 or newer, and none was found." >&2
echo "Install it from https://www.python.org/downloads/ (Windows, macOS)," >&2
echo "or with your package manager or pyenv (e.g. 'pyenv install 3.13'), then run make again." >&2
exit 1
