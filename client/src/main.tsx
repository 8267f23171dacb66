// First: before any module builds a zod schema.
import './zodWithoutEval.ts'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { takeTokenFromLocation } from './access/roomAccess.ts'
import { App } from './App.tsx'
import { followSavedTheme } from './ui/appTheme.ts'
import './styles.css'

// Dark from the first paint when the user chose dark mode (on a board, in tldraw's menu).
followSavedTheme()
takeTokenFromLocation()
// An invite link pasted over the current room's address changes only the fragment: no load.
window.addEventListener('hashchange', () => {
  if (takeTokenFromLocation()) location.reload()
})

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
