#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what the tests need beyond Rust (headless
# Chromium and poppler-utils, for the report's print test; Slurm and munge, for tests/slurm.rs;
# LibreOffice Calc, for tests/xlsx.rs), then runs `cargo test --release`. There is no way to skip
# any: if one cannot be installed, this stops with an error.
set -euo pipefail
cd "$(dirname "$0")/.."

have_browser() {
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1
}

# Debian's `chromium`, refreshing the package lists only if the first try fails; apt's own
# messages go to stderr so a failure says why. "$@" is empty as root, `sudo -n` otherwise.
install_chromium() {
  "$@" apt-get install -y --no-install-recommends chromium >&2 \
    || { "$@" apt-get update >&2 && "$@" apt-get install -y --no-install-recommends chromium >&2; }
}

if ! have_browser; then
  echo "installing Chromium (Debian package 'chromium') for the report's browser test..." >&2
  if [ "$(id -u)" = 0 ]; then
    install_chromium || true
  elif command -v sudo >/dev/null 2>&1; then
    install_chromium sudo -n || true
  fi
fi
# poppler-utils (pdfinfo, pdftotext) read back the report's PDF in tests/report.rs.
have_poppler() { command -v pdfinfo >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; }
install_poppler() {
  "$@" apt-get install -y --no-install-recommends poppler-utils >&2 \
    || { "$@" apt-get update >&2 && "$@" apt-get install -y --no-install-recommends poppler-utils >&2; }
}
if ! have_poppler; then
  echo "installing poppler-utils (pdfinfo, pdftotext) for the report's page count..." >&2
  if [ "$(id -u)" = 0 ]; then
    install_poppler || true
  elif command -v sudo >/dev/null 2>&1; then
    install_poppler sudo -n || true
  fi
fi
if ! have_poppler; then
  echo "error: poppler-utils is missing and could not be installed (apt-get install" >&2
  echo "poppler-utils); tests/report.rs counts the printed report's pages with pdfinfo." >&2
  exit 1
fi
if ! have_browser; then
  echo "error: Chromium is missing and could not be installed (apt-get install chromium, as root" >&2
  echo "or with passwordless sudo); tests/report.rs loads the report in it and fails without it." >&2
  echo "Install chromium, chromium-browser or google-chrome, then run this again." >&2
  exit 1
fi
# Debian's Slurm and munge for tests/slurm.rs (a real single-node cluster whose daemons the test
# starts itself); like Chromium, missing Slurm stops the run here rather than skipping the test.
have_slurm() {
  command -v sbatch >/dev/null 2>&1 && [ -x /usr/sbin/slurmctld ] && [ -x /usr/sbin/slurmd ] \
    && [ -x /usr/sbin/munged ]
}
install_slurm() {
  "$@" apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge >&2 \
    || { "$@" apt-get update >&2 \
      && "$@" apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge >&2; }
}
if ! have_slurm; then
  echo "installing Slurm (slurmctld slurmd slurm-client munge) for tests/slurm.rs..." >&2
  if [ "$(id -u)" = 0 ]; then
    install_slurm || true
  elif command -v sudo >/dev/null 2>&1; then
    install_slurm sudo -n || true
  fi
fi
if ! have_slurm; then
  echo "error: Slurm is missing and could not be installed (apt-get install slurmctld slurmd" >&2
  echo "slurm-client munge, as root); tests/slurm.rs runs a real cluster and fails without it." >&2
  exit 1
fi
# Debian's LibreOffice Calc (no GUI) for tests/xlsx.rs, which opens results.xlsx in it; like
# the others, missing LibreOffice stops the run here rather than skipping the test.
install_libreoffice() {
  "$@" apt-get install -y --no-install-recommends libreoffice-calc-nogui >&2 \
    || { "$@" apt-get update >&2 \
      && "$@" apt-get install -y --no-install-recommends libreoffice-calc-nogui >&2; }
}
if ! command -v soffice >/dev/null 2>&1; then
  echo "installing LibreOffice Calc (libreoffice-calc-nogui) for tests/xlsx.rs..." >&2
  if [ "$(id -u)" = 0 ]; then
    install_libreoffice || true
  elif command -v sudo >/dev/null 2>&1; then
    install_libreoffice sudo -n || true
  fi
fi
if ! command -v soffice >/dev/null 2>&1; then
  echo "error: LibreOffice is missing and could not be installed (apt-get install" >&2
  echo "libreoffice-calc-nogui, as root); tests/xlsx.rs opens the workbook in it and fails without it." >&2
  exit 1
fi
cargo test --release
