// The end of the sign-in window: Genesys Cloud sends it back here with a code
// (or an error) and the state the page chose. This takes them out of the
// address bar and hands them to the page that asked, over a BroadcastChannel:
// the page's Cross-Origin-Opener-Policy leaves this window no opener to post
// to. The page exchanges the code, which is useless without the verifier only
// the page holds. The window closes once the page has the answer.
const CHANNEL = 'contactprep-sign-in';
const q = new URLSearchParams(location.search);
const answer = { state: q.get('state'), code: q.get('code'), error: q.get('error') };
history.replaceState(null, '', location.pathname);

const message = document.getElementById('message');
const channel = new BroadcastChannel(CHANNEL);
channel.onmessage = (event) => {
  if (event.data?.state !== answer.state || !event.data.received) return;
  channel.close();
  message.textContent = answer.code ? 'You are signed in. Back to your contacts…' : 'You were not signed in. Back to your contacts…';
  window.close();
};
channel.postMessage(answer);

// Still open: the page was closed, or this window cannot close itself.
setTimeout(() => {
  message.textContent = answer.code
    ? 'You are signed in. Close this window and go back to the contact file cleaner.'
    : 'You were not signed in. Close this window and go back to the contact file cleaner to try again.';
}, 3000);
