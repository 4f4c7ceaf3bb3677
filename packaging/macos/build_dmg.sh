#!/usr/bin/env bash
# Build dist/DisputeDesk-<version>-<arch>.dmg from dist/DisputeDesk.app (macOS only).
#
#   packaging/macos/build_dmg.sh              # after: pyinstaller packaging/disputedesk.spec
#
# The disk image shows DisputeDesk.app next to a link to /Applications: the owner drags one
# onto the other. When MACOS_CODESIGN_IDENTITY is set (see SIGNING.md beside this file) the
# .app has already been signed by PyInstaller; this script then signs the .dmg too, and
# submits it for notarisation when NOTARY_PROFILE names a notarytool keychain profile.
set -euo pipefail
cd "$(dirname "$0")/../.."

[ "$(uname)" = "Darwin" ] || { echo "build_dmg.sh runs on macOS only" >&2; exit 2; }
APP=dist/DisputeDesk.app
[ -d "$APP" ] || { echo "$APP is missing: run pyinstaller packaging/disputedesk.spec first" >&2; exit 2; }

VERSION=$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$APP/Contents/Info.plist")
DMG="dist/DisputeDesk-$VERSION-$(uname -m).dmg"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT

# The frozen self-test, inside the bundle as the owner will run it.
"$APP/Contents/MacOS/DisputeDesk" --self-test --report "$STAGE/self-test.txt" \
    || { cat "$STAGE/self-test.txt"; exit 1; }
rm -f "$STAGE/self-test.txt"

cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "DisputeDesk $VERSION" -srcfolder "$STAGE" -fs HFS+ \
    -format UDZO -imagekey zlib-level=9 -ov "$DMG"

if [ -n "${MACOS_CODESIGN_IDENTITY:-}" ]; then
    codesign --force --timestamp --sign "$MACOS_CODESIGN_IDENTITY" "$DMG"
    if [ -n "${NOTARY_PROFILE:-}" ]; then
        keychain=()
        [ -n "${NOTARY_KEYCHAIN:-}" ] && keychain=(--keychain "$NOTARY_KEYCHAIN")
        xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" "${keychain[@]}" --wait
        xcrun stapler staple "$DMG"
        xcrun stapler validate "$DMG"
    fi
fi
echo "$DMG"
