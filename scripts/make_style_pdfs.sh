#!/usr/bin/env bash
# Makes the PDFs of tests/fixtures/import/pdf-styles/ from their groff sources (constructed
# minutes, so the importer's PDF layout path is tested on PDFs with bold headings and running
# footers). The PDFs are committed; run this after changing a source. Needs Debian's `groff`.
set -euo pipefail
cd "$(dirname "$0")/../tests/fixtures/import/pdf-styles"
for src in *.ms; do
  groff -t -k -ms -Tpdf "$src" > "${src%.ms}.pdf"
  echo "wrote ${src%.ms}.pdf"
done
