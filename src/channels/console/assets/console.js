// Staff console: small enhancements only; every page works without this file.
// - forms with data-confirm ask before submitting (publish, rollback, disable an account).
document.addEventListener("submit", (e) => {
  const form = e.target;
  if (!(form instanceof HTMLFormElement)) return;
  const text = form.dataset.confirm;
  if (text && !window.confirm(text)) e.preventDefault();
});
