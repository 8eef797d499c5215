/**
 * The sandbox page: a workspace like Slack's, drawn from the app's own Block
 * Kit. Plain HTML, CSS and a small script (no build step); it follows the
 * workspace with a long poll and keeps polling across restarts.
 */
export function sandboxPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Leadloop sandbox</title>
<style>${STYLE}</style>
</head>
<body>
<header class="top">
  <strong class="brand">Leadloop sandbox</strong>
  <label class="who">You are
    <select id="who" aria-label="Who you are"></select>
  </label>
  <button id="samples" type="button">Send sample leads</button>
  <button id="digest" type="button">Run the weekly digest now</button>
  <span id="status" role="status" aria-live="polite"></span>
</header>
<div class="layout">
  <nav class="sidebar" aria-label="Channels">
    <h2>Channels</h2>
    <ul id="channels"></ul>
    <h2>Apps</h2>
    <ul id="apps"></ul>
  </nav>
  <main id="main" tabindex="-1">
    <h1 id="title"></h1>
    <div id="pane" class="pane"></div>
    <form id="composer" class="composer" autocomplete="off">
      <label for="command" class="visually-hidden">Command</label>
      <input id="command" name="command" placeholder="Type /leads help, /leads new, /leads stats …" aria-label="Type a /leads command">
      <button type="submit">Send</button>
    </form>
  </main>
</div>
<div id="modal" class="modal" hidden></div>
<script>${SCRIPT}</script>
</body>
</html>`;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d1c1d;background:#fff}
.top{display:flex;flex-wrap:wrap;gap:8px;align-items:center;padding:8px 12px;background:#3f0e40;color:#fff}
.top .brand{margin-right:auto}
.top button,.composer button,.modal button{font:inherit;padding:6px 12px;border-radius:4px;border:1px solid #bbb;background:#fff;color:#1d1c1d;cursor:pointer}
.who select{font:inherit;padding:4px}
#status{font-size:13px;opacity:.85}
.layout{display:flex;min-height:calc(100vh - 48px)}
.sidebar{width:220px;flex:none;background:#4a154b;color:#e8dce8;padding:8px}
.sidebar h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;margin:12px 8px 4px;opacity:.8}
.sidebar ul{list-style:none;margin:0;padding:0}
.sidebar button{width:100%;text-align:left;background:none;border:0;color:inherit;font:inherit;padding:4px 8px;border-radius:4px;cursor:pointer}
.sidebar button[aria-current="true"]{background:#1164a3;color:#fff}
main{flex:1;display:flex;flex-direction:column;min-width:0}
main h1{font-size:18px;margin:0;padding:10px 16px;border-bottom:1px solid #ddd}
.pane{flex:1;overflow:auto;padding:8px 16px}
.msg{padding:6px 0;border-bottom:1px solid #f0f0f0}
.msg .meta{font-size:13px;color:#616061}
.msg .meta b{color:#1d1c1d}
.msg.ephemeral{background:#f8f8fa;border-left:3px solid #1264a3;padding-left:8px}
.only-you{font-size:12px;color:#616061}
.thread{margin:4px 0 4px 24px;border-left:2px solid #ddd;padding-left:10px}
.thread summary{cursor:pointer;color:#1264a3;font-size:13px}
.block{margin:4px 0}
.section>div,.context{white-space:pre-wrap}
.header-block{font-weight:700;font-size:17px}
.fields{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:6px 16px}
.context{font-size:13px;color:#616061}
.actions{display:flex;flex-wrap:wrap;gap:6px}
.actions button,.accessory button{font:inherit;font-size:14px;padding:4px 12px;border-radius:4px;border:1px solid #bbb;background:#fff;cursor:pointer}
.actions button.primary{background:#007a5a;color:#fff;border-color:#007a5a}
.actions button.danger{background:#e01e5a;color:#fff;border-color:#e01e5a}
button:focus-visible,select:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #1264a3;outline-offset:2px}
hr.divider{border:0;border-top:1px solid #ddd}
pre{background:#f6f6f6;border:1px solid #ddd;padding:8px;overflow:auto;font-size:13px}
code{background:#f6f6f6;border:1px solid #e6e6e6;padding:0 3px;border-radius:3px;color:#c01343}
.mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px}
.block-error{border:2px solid #e01e5a;color:#e01e5a;padding:6px;border-radius:4px;font-weight:600}
.file img{max-width:100%;border:1px solid #ddd;border-radius:4px}
.composer{display:flex;gap:8px;padding:8px 16px;border-top:1px solid #ddd}
.composer input{flex:1;font:inherit;padding:8px;border:1px solid #bbb;border-radius:4px}
.modal{position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;align-items:flex-start;justify-content:center;padding:24px 8px;overflow:auto}
.modal[hidden]{display:none}
.dialog{background:#fff;border-radius:8px;width:min(560px,100%);box-shadow:0 10px 30px rgba(0,0,0,.3)}
.dialog h2{margin:0;padding:14px 16px;border-bottom:1px solid #ddd;font-size:18px}
.dialog .body{padding:8px 16px}
.dialog .foot{display:flex;justify-content:flex-end;gap:8px;padding:12px 16px;border-top:1px solid #ddd}
.dialog .foot .submit{background:#007a5a;color:#fff;border-color:#007a5a}
.input{margin:10px 0}
.input label{display:block;font-weight:700;margin-bottom:4px}
.input input,.input select,.input textarea{width:100%;font:inherit;padding:6px;border:1px solid #bbb;border-radius:4px}
.input .hint{font-size:13px;color:#616061}
.input .error{color:#e01e5a;font-size:13px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (max-width:700px){.layout{flex-direction:column}.sidebar{width:auto}.sidebar ul{display:flex;flex-wrap:wrap;gap:4px}.sidebar h2{display:none}.fields{grid-template-columns:1fr}}
`;

const SCRIPT = String.raw`
const state = { version: 0, data: null, place: 'C0SBXLEADS', user: localStorage.getItem('leadloop.sandbox.user') || 'U0SBXREP01' };
const $ = (id) => document.getElementById(id);
const EMOJI = { white_check_mark: '✅', thumbsup: '👍', no_entry_sign: '🚫', telephone_receiver: '📞', trophy: '🏆', x: '❌', hourglass: '⌛', mag: '🔍', alarm_clock: '⏰', rotating_light: '🚨', information_source: 'ℹ️', chart_with_upwards_trend: '📈', star: '⭐' };
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const emoji = (s) => s.replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] || all);
const personName = (id) => (state.data?.people.find((p) => p.id === id)?.name) || (id === state.data?.bot ? 'Leadloop' : id);
const channelName = (id) => (state.data?.channels.find((c) => c.id === id)?.name) || id;

/** Slack's mrkdwn, as Slack shows it: links, mentions, bold, italics, strike, code, quotes, escapes. */
function mrkdwn(text) {
  const parts = String(text ?? '').split(/(<[^<>]+>)/g);
  const out = parts.map((part) => {
    const m = /^<([^<>]+)>$/.exec(part);
    if (!m) return inline(esc(part.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')));
    const [target, label] = m[1].split('|');
    if (target.startsWith('@')) return '<span class="mention">@' + esc(personName(target.slice(1))) + '</span>';
    if (target.startsWith('#')) return '<span class="mention">#' + esc(label || channelName(target.slice(1))) + '</span>';
    if (target.startsWith('!subteam^')) return '<span class="mention">@' + esc(label || 'group') + '</span>';
    if (target.startsWith('!date^')) {
      const seconds = Number(target.split('^')[1]);
      return Number.isFinite(seconds) ? esc(new Date(seconds * 1000).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })) : esc(label || target);
    }
    if (target.startsWith('!')) return '<span class="mention">@' + esc(target.slice(1)) + '</span>';
    return '<a href="' + esc(target) + '" rel="noopener noreferrer" target="_blank">' + esc(label || target) + '</a>';
  }).join('');
  return out;
}
function inline(s) {
  s = s.replace(/\x60\x60\x60([\s\S]*?)\x60\x60\x60/g, (all, code) => '<pre>' + code + '</pre>');
  s = s.replace(/\x60([^\x60\n]+)\x60/g, '<code>$1</code>');
  s = s.replace(/(^|[\s(>])\*([^*\n]+)\*(?=$|[\s).,:;!?<])/g, '$1<b>$2</b>');
  s = s.replace(/(^|[\s(>])_([^_\n]+)_(?=$|[\s).,:;!?<])/g, '$1<i>$2</i>');
  s = s.replace(/(^|[\s(>])~([^~\n]+)~(?=$|[\s).,:;!?<])/g, '$1<s>$2</s>');
  s = s.replace(/^&gt; ?(.*)$/gm, '<blockquote>$1</blockquote>');
  return emoji(s).replace(/\n/g, '<br>');
}
function textObject(t) {
  if (!t) return '';
  return t.type === 'mrkdwn' ? mrkdwn(t.text) : emoji(esc(t.text)).replace(/\n/g, '<br>');
}

/** One Block Kit block; one the sandbox cannot draw shows as a visible error naming its type. */
function block(b, ctx) {
  switch (b.type) {
    case 'header': return '<div class="block header-block" role="heading" aria-level="3">' + textObject(b.text) + '</div>';
    case 'section': {
      let html = '<div class="block section">';
      if (b.text) html += '<div>' + textObject(b.text) + '</div>';
      if (b.fields) html += '<div class="fields">' + b.fields.map((f) => '<div>' + textObject(f) + '</div>').join('') + '</div>';
      if (b.accessory) html += '<div class="accessory">' + element(b.accessory, b, ctx) + '</div>';
      return html + '</div>';
    }
    case 'context': return '<div class="block context">' + (b.elements || []).map((e) => e.type === 'image' ? '<img alt="' + esc(e.alt_text) + '" src="' + esc(e.image_url) + '" width="16" height="16">' : textObject(e)).join(' ') + '</div>';
    case 'actions': return '<div class="block actions">' + (b.elements || []).map((e) => element(e, b, ctx)).join('') + '</div>';
    case 'divider': return '<hr class="divider">';
    case 'image': return '<div class="block"><img alt="' + esc(b.alt_text) + '" src="' + esc(b.image_url) + '" style="max-width:100%"></div>';
    case 'input': return ctx.modal ? input(b, ctx) : unknown(b.type);
    default: return unknown(b.type);
  }
}
function unknown(type) { return '<div class="block block-error" data-unrenderable="' + esc(type) + '">The sandbox cannot show a block of type “' + esc(type) + '”.</div>'; }
function element(e, b, ctx) {
  const data = ' data-block="' + esc(b.block_id || '') + '" data-action="' + esc(e.action_id || '') + '"';
  if (e.type === 'button') return '<button type="button" class="' + esc(e.style || '') + '"' + data + ' data-value="' + esc(e.value || '') + '" data-where="' + esc(ctx.where) + '">' + textObject(e.text) + '</button>';
  if (e.type === 'static_select') return '<select' + data + ' data-where="' + esc(ctx.where) + '" aria-label="' + esc(e.placeholder?.text || 'Choose') + '"><option value="">' + esc(e.placeholder?.text || 'Choose') + '</option>' + (e.options || []).map((o) => '<option value="' + esc(o.value) + '">' + esc(o.text.text) + '</option>').join('') + '</select>';
  return '<span class="block-error" data-unrenderable="' + esc(e.type) + '">The sandbox cannot show an element of type “' + esc(e.type) + '”.</span>';
}
function blocksHtml(blocks, ctx, fallback) {
  if (!blocks || blocks.length === 0) return '<div class="block">' + mrkdwn(fallback) + '</div>';
  return blocks.map((b) => block(b, ctx)).join('');
}

function messageHtml(m, replies) {
  const ctx = { where: JSON.stringify({ kind: 'message', channel: m.channel, ts: m.ts }) };
  const when = new Date(Number(m.ts) * 1000).toLocaleTimeString();
  const files = (m.files || []).map((f) => f.mimetype.startsWith('image/') ? '<div class="file"><img alt="' + esc(f.title) + '" src="/sandbox/files/' + esc(f.id) + '"></div>' : '<div class="file"><a href="/sandbox/files/' + esc(f.id) + '" download="' + esc(f.name) + '">📎 ' + esc(f.name) + '</a></div>').join('');
  let html = '<article class="msg" data-ts="' + esc(m.ts) + '"><div class="meta"><b>' + esc(personName(m.user)) + '</b> ' + esc(when) + (m.edited ? ' (edited)' : '') + '</div>' + (m.blocks?.length || !m.files ? blocksHtml(m.blocks, ctx, m.text) : '') + files;
  if (replies.length) html += '<details class="thread" open><summary>' + replies.length + ' repl' + (replies.length === 1 ? 'y' : 'ies') + '</summary>' + replies.map((r) => messageHtml(r, [])).join('') + '</details>';
  return html + '</article>';
}
function ephemeralHtml(e) {
  const ctx = { where: JSON.stringify({ kind: 'ephemeral', channel: e.channel, ts: e.ts }) };
  return '<article class="msg ephemeral"><div class="only-you">Only visible to you · Leadloop</div>' + blocksHtml(e.blocks, ctx, e.text) + '</article>';
}

function render() {
  const d = state.data;
  if (!d) return;
  const who = $('who');
  if (!who.options.length) who.innerHTML = d.people.map((p) => '<option value="' + esc(p.id) + '">' + esc(p.name) + ' (' + esc(p.role) + ')</option>').join('');
  who.value = d.me.id;
  const places = [...d.channels.map((c) => ({ id: c.id, label: '# ' + c.name })), { id: d.dm, label: 'Leadloop (direct messages)' }];
  $('channels').innerHTML = places.slice(0, d.channels.length).map(navItem).join('');
  $('apps').innerHTML = [places.at(-1), { id: 'home', label: 'Leadloop · Home' }].map(navItem).join('');
  const place = places.find((p) => p.id === state.place) || (state.place === 'home' ? { id: 'home', label: 'Leadloop · Home' } : places[0]);
  $('title').textContent = place.label;
  const pane = $('pane');
  const atBottom = pane.scrollTop + pane.clientHeight >= pane.scrollHeight - 40;
  if (place.id === 'home') {
    pane.innerHTML = d.home ? blocksHtml(d.home.blocks, { where: JSON.stringify({ kind: 'home' }) }, '') : '<p>Your Home tab is being drawn…</p>';
  } else {
    const inPlace = d.messages.filter((m) => m.channel === place.id);
    const top = inPlace.filter((m) => !m.threadTs).sort((a, b) => Number(a.ts) - Number(b.ts));
    const items = top.map((m) => ({ ts: Number(m.ts), html: messageHtml(m, inPlace.filter((r) => r.threadTs === m.ts).sort((a, b) => Number(a.ts) - Number(b.ts))) }));
    for (const e of d.ephemerals.filter((e) => e.channel === place.id)) items.push({ ts: Number(e.ts), html: ephemeralHtml(e) });
    items.sort((a, b) => a.ts - b.ts);
    pane.innerHTML = items.map((i) => i.html).join('') || '<p>Nothing here yet. Try “Send sample leads”.</p>';
  }
  if (atBottom) pane.scrollTop = pane.scrollHeight;
  renderModal(d.view);
}
function navItem(p) { return '<li><button type="button" data-place="' + esc(p.id) + '" aria-current="' + (state.place === p.id) + '">' + esc(p.label) + '</button></li>'; }

let shownView = null;
function renderModal(open) {
  const modal = $('modal');
  if (!open) { modal.hidden = true; modal.innerHTML = ''; shownView = null; return; }
  const key = open.id + JSON.stringify(open.errors || {});
  if (shownView === key) return;
  const firstShow = !shownView || !shownView.startsWith(open.id);
  const kept = firstShow ? {} : currentValues();
  shownView = key;
  const v = open.view;
  const ctx = { modal: true, errors: open.errors || {}, where: JSON.stringify({ kind: 'modal', viewId: open.id }), kept };
  modal.innerHTML = '<form class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" data-view="' + esc(open.id) + '"><h2 id="dialog-title">' + textObject(v.title) + '</h2><div class="body">' + blocksHtml(v.blocks, ctx, '') + '</div><div class="foot"><button type="button" class="close">' + textObject(v.close || { type: 'plain_text', text: 'Cancel' }) + '</button>' + (v.submit ? '<button type="submit" class="submit">' + textObject(v.submit) + '</button>' : '') + '</div></form>';
  modal.hidden = false;
  const focus = modal.querySelector('.input [aria-invalid="true"]') || modal.querySelector('input,select,textarea,button');
  if (focus && firstShow || modal.querySelector('[aria-invalid="true"]')) focus?.focus();
}
function input(b, ctx) {
  const e = b.element, id = 'in-' + b.block_id.replace(/[^a-zA-Z0-9_-]/g, '_');
  const error = ctx.errors[b.block_id];
  const kept = ctx.kept[b.block_id];
  const attrs = ' id="' + esc(id) + '" name="' + esc(b.block_id) + '" data-type="' + esc(e.type) + '" data-action="' + esc(e.action_id) + '"' + (error ? ' aria-invalid="true" aria-describedby="' + esc(id) + '-error"' : '') + (b.optional ? '' : ' required');
  let field;
  switch (e.type) {
    case 'plain_text_input': {
      const value = kept ?? e.initial_value ?? '';
      field = e.multiline ? '<textarea' + attrs + ' rows="4">' + esc(value) + '</textarea>' : '<input' + attrs + ' value="' + esc(value) + '">';
      break;
    }
    case 'number_input': field = '<input type="number" step="any"' + attrs + ' value="' + esc(kept ?? e.initial_value ?? '') + '">'; break;
    case 'static_select': {
      const selected = kept ?? e.initial_option?.value ?? '';
      field = '<select' + attrs + '><option value="">' + esc(e.placeholder?.text || 'Choose') + '</option>' + (e.options || []).map((o) => '<option value="' + esc(o.value) + '"' + (o.value === selected ? ' selected' : '') + '>' + esc(o.text.text) + '</option>').join('') + '</select>';
      break;
    }
    case 'users_select': case 'multi_users_select': {
      const chosen = kept ?? (e.initial_users || (e.initial_user ? [e.initial_user] : []));
      field = '<select' + attrs + (e.type === 'multi_users_select' ? ' multiple' : '') + '>' + (e.type === 'users_select' ? '<option value="">Choose a person</option>' : '') + state.data.people.map((p) => '<option value="' + esc(p.id) + '"' + ((Array.isArray(chosen) ? chosen : [chosen]).includes(p.id) ? ' selected' : '') + '>' + esc(p.name) + '</option>').join('') + '</select>';
      break;
    }
    case 'conversations_select': {
      const selected = kept ?? e.initial_conversation ?? '';
      field = '<select' + attrs + '><option value="">Choose a channel</option>' + state.data.channels.map((c) => '<option value="' + esc(c.id) + '"' + (c.id === selected ? ' selected' : '') + '># ' + esc(c.name) + '</option>').join('') + '</select>';
      break;
    }
    case 'file_input': field = '<input type="file"' + attrs + ' accept=".csv,text/csv">'; break;
    default: return unknown(e.type);
  }
  return '<div class="input"><label for="' + esc(id) + '">' + textObject(b.label) + (b.optional ? ' <span class="hint">(optional)</span>' : '') + '</label>' + field + (b.hint ? '<div class="hint">' + textObject(b.hint) + '</div>' : '') + (error ? '<div class="error" id="' + esc(id) + '-error" role="alert">' + esc(error) + '</div>' : '') + '</div>';
}
function currentValues() {
  const out = {};
  for (const el of document.querySelectorAll('#modal [name]')) {
    if (el.dataset.type === 'file_input') continue;
    out[el.name] = el.multiple ? [...el.selectedOptions].map((o) => o.value) : el.value;
  }
  return out;
}
async function submittedValues() {
  const values = {};
  for (const el of document.querySelectorAll('#modal [name]')) {
    const t = el.dataset.type, a = el.dataset.action;
    let v;
    if (t === 'plain_text_input') v = { type: t, value: el.value === '' ? null : el.value };
    else if (t === 'number_input') v = { type: t, value: el.value === '' ? null : el.value };
    else if (t === 'static_select') {
      const o = el.selectedOptions[0];
      v = { type: t, selected_option: el.value ? { text: { type: 'plain_text', text: o.textContent, emoji: true }, value: el.value } : null };
    } else if (t === 'users_select') v = { type: t, selected_user: el.value || null };
    else if (t === 'multi_users_select') v = { type: t, selected_users: [...el.selectedOptions].map((o) => o.value) };
    else if (t === 'conversations_select') v = { type: t, selected_conversation: el.value || null };
    else if (t === 'file_input') {
      const files = [];
      for (const f of el.files) {
        const bytes = new Uint8Array(await f.arrayBuffer());
        let bin = '';
        for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        const up = await act({ type: 'upload', name: f.name, contentBase64: btoa(bin) });
        if (up.file) files.push(up.file);
      }
      v = { type: t, files };
    }
    values[el.name] = { [a]: v };
  }
  return values;
}

async function act(body) {
  const res = await fetch('/sandbox/act', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: state.user, ...body }) });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || json.ok === false) $('status').textContent = json.error || ('The app answered ' + (json.status || res.status));
  return json;
}

document.addEventListener('click', async (event) => {
  const nav = event.target.closest('[data-place]');
  if (nav) {
    state.place = nav.dataset.place;
    render();
    if (state.place === 'home') act({ type: 'home_opened' });
    $('main').focus();
    return;
  }
  const button = event.target.closest('button[data-action]');
  if (button) {
    await act({ type: 'click', where: JSON.parse(button.dataset.where), action: { type: 'button', action_id: button.dataset.action, block_id: button.dataset.block, value: button.dataset.value, text: { type: 'plain_text', text: button.textContent } } });
    return;
  }
  if (event.target.closest('#modal .close')) {
    const form = event.target.closest('form');
    await act({ type: 'close', viewId: form.dataset.view });
  }
});
document.addEventListener('change', async (event) => {
  const select = event.target.closest('select[data-action][data-where]');
  if (!select || !select.value) return;
  const option = select.selectedOptions[0];
  await act({ type: 'click', where: JSON.parse(select.dataset.where), action: { type: 'static_select', action_id: select.dataset.action, block_id: select.dataset.block, selected_option: { text: { type: 'plain_text', text: option.textContent }, value: select.value } } });
});
document.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (event.target.id === 'composer') {
    const text = $('command').value.trim();
    if (!text) return;
    $('command').value = '';
    await act({ type: 'command', channel: state.place === 'home' ? state.data.dm : state.place, text });
    return;
  }
  const form = event.target.closest('#modal form');
  if (form) {
    const submit = form.querySelector('.submit');
    if (submit) submit.disabled = true;
    await act({ type: 'submit', viewId: form.dataset.view, values: await submittedValues() });
    if (submit) submit.disabled = false;
  }
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && !$('modal').hidden) $('modal').querySelector('.close')?.click();
});
$('who').addEventListener('change', () => {
  state.user = $('who').value;
  localStorage.setItem('leadloop.sandbox.user', state.user);
  state.version = 0;
  poll(true);
  if (state.place === 'home') act({ type: 'home_opened' });
});
$('samples').addEventListener('click', () => act({ type: 'sample_leads' }).then((r) => { if (r.ok) $('status').textContent = 'Sample leads sent.'; }));
$('digest').addEventListener('click', () => act({ type: 'digest' }).then((r) => { if (r.ok) $('status').textContent = 'Digest run.'; }));

let polling = 0;
async function poll(once) {
  const mine = ++polling;
  for (;;) {
    try {
      const res = await fetch('/sandbox/state?user=' + encodeURIComponent(state.user) + '&since=' + state.version, { cache: 'no-store' });
      if (mine !== polling) return;
      const data = await res.json();
      state.version = data.version;
      state.data = data;
      document.body.dataset.connected = 'true';
      if ($('status').textContent.startsWith('Reconnecting')) $('status').textContent = '';
      render();
    } catch {
      if (mine !== polling) return;
      document.body.dataset.connected = 'false';
      $('status').textContent = 'Reconnecting…';
      await new Promise((r) => setTimeout(r, 1000));
    }
    if (once && mine !== polling) return;
  }
}
poll();
`;
