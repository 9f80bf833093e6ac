#!/usr/bin/env bash
# Prints the path of the first Terraform on PATH that is 1.11 or later: the
# pinned 1.5.7 in bin/ knows neither ephemeral resources nor write-only
# attributes, in its language or in `providers schema -json`. Fails, saying
# so, when there is none.
set -euo pipefail
IFS=: read -ra dirs <<<"$PATH"
for dir in "${dirs[@]}"; do
  tf=${dir:-.}/terraform
  [ -x "$tf" ] || continue
  if "$tf" version -json 2>/dev/null | grep -Eq '"terraform_version": "(1\.(1[1-9]|[2-9][0-9])|[2-9][0-9]*)\.'; then
    echo "$tf"
    exit 0
  fi
done
echo "no Terraform 1.11 or later on PATH: the docs and the ephemeral resource's example need one" >&2
exit 1
