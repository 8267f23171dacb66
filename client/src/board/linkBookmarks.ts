import { AssetRecordType, getHashForString, type Editor, type TLBookmarkAsset } from 'tldraw'

/**
 * The bookmark a link pasted or dropped on the board becomes: its address, and nothing fetched.
 * tldraw's own handler would load the page from this browser to read its title and preview
 * picture; the app's Content Security Policy (`connect-src 'self'`) refuses that, which left an
 * error notice and console errors behind every pasted link. A board that models a system's
 * threats should not make its visitors' browsers call the addresses pasted on it anyway.
 */
export function bookmarkFor(url: string): TLBookmarkAsset {
  return {
    id: AssetRecordType.createId(getHashForString(url)),
    typeName: 'asset',
    type: 'bookmark',
    props: { src: url, title: url, description: '', image: '', favicon: '' },
    meta: {},
  }
}

/** Makes `editor` turn pasted and dropped links into `bookmarkFor` bookmarks. */
export function bookmarkLinksWithoutFetching(editor: Editor): void {
  editor.registerExternalAssetHandler('url', ({ url }) => Promise.resolve(bookmarkFor(url)))
}
