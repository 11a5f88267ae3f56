/**
 * Sample comments for the console's "Try it": what a community desk sees on an ordinary day, in
 * German and English from several sources, and a hostile set whose texts and names are full of markup
 * and tricks, to show that the console (like the chat cards) shows strangers' words as text.
 * Data only; `sampleBody` turns one into the body of POST /webhooks/comments
 * (src/sources/parse-generic-comment.ts).
 */

export type SampleSource = 'facebook' | 'instagram' | 'youtube' | 'x' | 'webhook';
export type SampleTone = 'praise' | 'question' | 'complaint' | 'angry' | 'lead' | 'spam' | 'legal' | 'order' | 'hostile';

export interface SampleComment {
  source: SampleSource;
  language: 'de' | 'en';
  tone: SampleTone;
  text: string;
  author: { name: string; id: string };
  /** The post it was written under (one id per source, so samples group like real comments). */
  postId: string;
}

export const SAMPLE_SETS = ['mixed', 'de', 'en', 'hostile'] as const;
export type SampleSetId = (typeof SAMPLE_SETS)[number];
export const SAMPLE_COUNTS = [1, 5, 10] as const;

export const GERMAN_SAMPLES: readonly SampleComment[] = [
  { source: 'instagram', language: 'de', tone: 'praise', text: 'Mega Aktion! 😍 Die neue Sorte schmeckt richtig gut, danke dafür!', author: { name: 'lena.kocht', id: 'ig-lena-kocht' }, postId: 'ig-post-herbst' },
  { source: 'facebook', language: 'de', tone: 'question', text: 'Gibt es die Riegel auch ohne Nüsse? Meine Tochter hat eine Allergie.', author: { name: 'Sabine Krüger', id: 'fb-100023' }, postId: 'fb-post-sortiment' },
  { source: 'youtube', language: 'de', tone: 'complaint', text: 'Seit drei Wochen warte ich auf meine Bestellung 48213. Niemand antwortet auf meine Mails.', author: { name: 'Jonas W.', id: 'UCjonasw' }, postId: 'yt-video-unboxing' },
  {
    source: 'facebook',
    language: 'de',
    tone: 'angry',
    text: 'Das ist das LETZTE Mal, dass ich bei euch bestelle!!! Kaputte Ware, kein Rückruf, nichts. Ich schreibe das jetzt überall hin.',
    author: { name: 'Thomas Brandt', id: 'fb-100871' },
    postId: 'fb-post-sortiment',
  },
  { source: 'webhook', language: 'de', tone: 'lead', text: 'Wir sind eine Kita mit 80 Kindern und würden gern regelmäßig bei euch bestellen. Gibt es Großkundenpreise?', author: { name: 'Kita Sonnenschein', id: 'form-kita-sonnenschein' }, postId: 'kontaktformular' },
  { source: 'instagram', language: 'de', tone: 'spam', text: '🔥 Verdiene 5000 € pro Woche von zu Hause!!! Link in meiner Bio 🔥🔥', author: { name: 'reich.werden.jetzt', id: 'ig-spam-4711' }, postId: 'ig-post-herbst' },
  { source: 'x', language: 'de', tone: 'legal', text: 'Ihr verwendet mein Foto ohne Erlaubnis. Mein Anwalt meldet sich bei euch.', author: { name: '@fotografin_mia', id: 'x-88213' }, postId: 'x-status-kampagne' },
  { source: 'youtube', language: 'de', tone: 'question', text: 'Welche Zutaten sind in der Variante aus dem Video? Finde die Liste nirgends.', author: { name: 'Kochen mit Ayşe', id: 'UCayse' }, postId: 'yt-video-unboxing' },
  { source: 'x', language: 'de', tone: 'praise', text: 'Super schneller Support heute, Problem in 10 Minuten gelöst. 👍', author: { name: '@kai_r', id: 'x-55102' }, postId: 'x-status-kampagne' },
  { source: 'facebook', language: 'de', tone: 'order', text: 'Meine Bestellung kam unvollständig an, es fehlen zwei Packungen. Was nun?', author: { name: 'Petra Yılmaz', id: 'fb-100412' }, postId: 'fb-post-sortiment' },
  { source: 'instagram', language: 'de', tone: 'complaint', text: 'Die Verpackung ist viel zu groß für so wenig Inhalt. Geht das nicht nachhaltiger?', author: { name: 'zero.waste.jule', id: 'ig-jule' }, postId: 'ig-post-herbst' },
  { source: 'webhook', language: 'de', tone: 'lead', text: 'Hallo, ich betreibe drei Cafés in Leipzig. Könnt ihr uns ein Angebot für 200 Stück pro Monat machen?', author: { name: 'Marco Lehmann', id: 'form-cafe-lehmann' }, postId: 'kontaktformular' },
];

export const ENGLISH_SAMPLES: readonly SampleComment[] = [
  { source: 'instagram', language: 'en', tone: 'praise', text: 'Just tried the new flavour and wow. Best snack I have had all year! 🙌', author: { name: 'snackqueen.uk', id: 'ig-snackqueen' }, postId: 'ig-post-launch' },
  { source: 'youtube', language: 'en', tone: 'question', text: 'Do you ship to Ireland? The checkout only lists the UK.', author: { name: 'Niamh O’Brien', id: 'UCniamh' }, postId: 'yt-video-launch' },
  { source: 'facebook', language: 'en', tone: 'complaint', text: 'My order arrived two weeks late and the box was crushed. Not impressed.', author: { name: 'Derek Collins', id: 'fb-200311' }, postId: 'fb-post-launch' },
  {
    source: 'x',
    language: 'en',
    tone: 'angry',
    text: 'Third time I have asked for a refund. THIRD. If I do not hear back today I am going to the press.',
    author: { name: '@angry_andy', id: 'x-31337' },
    postId: 'x-status-launch',
  },
  { source: 'webhook', language: 'en', tone: 'lead', text: 'We run a chain of 12 gyms and would love to stock your bars. Who can I talk to about wholesale?', author: { name: 'FitLife Gyms', id: 'form-fitlife' }, postId: 'contact-form' },
  { source: 'youtube', language: 'en', tone: 'spam', text: 'Check out my channel for FREE gift cards!!! 💸💸 sub4sub', author: { name: 'FreeGiftz 2000', id: 'UCspam2000' }, postId: 'yt-video-launch' },
  { source: 'facebook', language: 'en', tone: 'legal', text: 'Your ad uses our trademark. Our lawyer will contact you about this.', author: { name: 'Brandwatch Legal', id: 'fb-200999' }, postId: 'fb-post-launch' },
  { source: 'instagram', language: 'en', tone: 'question', text: 'Are these vegan? The label says “may contain milk”.', author: { name: 'plantbased.priya', id: 'ig-priya' }, postId: 'ig-post-launch' },
  { source: 'x', language: 'en', tone: 'praise', text: 'Shout-out to your support team, sorted my issue in minutes. 👏', author: { name: '@jen_codes', id: 'x-48151' }, postId: 'x-status-launch' },
  { source: 'facebook', language: 'en', tone: 'order', text: 'Can I still change the delivery address on order 77120? It has not shipped yet.', author: { name: 'Marcus Webb', id: 'fb-200777' }, postId: 'fb-post-launch' },
  { source: 'youtube', language: 'en', tone: 'complaint', text: 'The video says 20 g protein but the pack says 15 g. Which one is it?', author: { name: 'Gym Rat Reviews', id: 'UCgymrat' }, postId: 'yt-video-launch' },
  { source: 'webhook', language: 'en', tone: 'lead', text: 'Hi! I organise a marathon with 3,000 runners in May. Could you sponsor the finish line snacks?', author: { name: 'City Marathon Team', id: 'form-marathon' }, postId: 'contact-form' },
];

const LONG_TEXT = `${'This comment goes on and on without a break to test how a very long text wraps and is cut. '.repeat(60)}The end.`;

/**
 * Texts and names that would do harm if anything rendered them as markup: HTML and script tags,
 * event handlers, markdown and Slack mrkdwn, bidi overrides, zero-width and combining characters,
 * a very long text, emoji sequences. Each must show up exactly as typed.
 */
export const HOSTILE_SAMPLES: readonly SampleComment[] = [
  { source: 'webhook', language: 'en', tone: 'hostile', text: '<script>alert("xss")</script> Nice product!', author: { name: '<script>alert(1)</script>', id: 'hostile-script' }, postId: 'hostile' },
  { source: 'facebook', language: 'en', tone: 'hostile', text: 'Look at this: <img src=x onerror="alert(document.cookie)"> and <a href="javascript:alert(1)">click</a>', author: { name: '<img src=x onerror=alert(1)>', id: 'hostile-img' }, postId: 'hostile' },
  { source: 'x', language: 'en', tone: 'hostile', text: '**bold** _italic_ [totally safe link](javascript:alert(1)) ![img](https://evil.example/x.png) `code`', author: { name: '**Markdown** [Mallory](https://evil.example)', id: 'hostile-markdown' }, postId: 'hostile' },
  { source: 'youtube', language: 'en', tone: 'hostile', text: '<!channel> <!here> *urgent* ~strike~ <https://evil.example|click here> <@U0ANNA0001>', author: { name: '<!everyone> *Slack* `mrkdwn`', id: 'hostile-mrkdwn' }, postId: 'hostile' },
  { source: 'instagram', language: 'de', tone: 'hostile', text: 'Rechnung anbei: \u202Efdp.exe\u202C — bitte öffnen! \u2066versteckt\u2069 Null\u200Bbreite', author: { name: 'Admin\u202Enimda\u202C Support', id: 'hostile-bidi' }, postId: 'hostile' },
  { source: 'webhook', language: 'en', tone: 'hostile', text: LONG_TEXT, author: { name: `Very ${'long '.repeat(30)}name`, id: 'hostile-long' }, postId: 'hostile' },
  { source: 'instagram', language: 'en', tone: 'hostile', text: '👩‍👩‍👧‍👦 🏳️‍🌈 🇩🇪 👍🏽 Z̷̢̛a̸͎͝l̵̪̾g̶̣̈o̸̜͑ text 𝕗𝕒𝕟𝕔𝕪 𝓁𝑒𝓉𝓉𝑒𝓇𝓈', author: { name: '🦄✨ Ünïcödé 𝓝𝓪𝓶𝓮 ✨🦄', id: 'hostile-emoji' }, postId: 'hostile' },
  { source: 'facebook', language: 'de', tone: 'hostile', text: '"><svg onload=alert(1)> </textarea><style>body{display:none}</style> &amp; &lt;b&gt; {{7*7}} ${7*7}', author: { name: '"><svg/onload=alert(1)>', id: 'hostile-attr' }, postId: 'hostile' },
];

/** The samples of a set, in the order they are sent round. "mixed": German and English in turn. */
export function samplesOf(set: SampleSetId): readonly SampleComment[] {
  switch (set) {
    case 'de':
      return GERMAN_SAMPLES;
    case 'en':
      return ENGLISH_SAMPLES;
    case 'hostile':
      return HOSTILE_SAMPLES;
    case 'mixed':
      return GERMAN_SAMPLES.flatMap((de, i) => [de, ...(ENGLISH_SAMPLES[i] ? [ENGLISH_SAMPLES[i]] : [])]);
  }
}

/** `count` samples of a set, going round from `start` (a counter, so the next send shows others). */
export function pickSamples(set: SampleSetId, count: number, start = 0): SampleComment[] {
  const all = samplesOf(set);
  return Array.from({ length: count }, (_, i) => all[(start + i) % all.length]!);
}

const PERMALINK: Record<SampleSource, (postId: string, externalId: string) => string> = {
  facebook: (post, id) => `https://www.facebook.com/${post}?comment_id=${id}`,
  instagram: (post, id) => `https://www.instagram.com/p/${post}/c/${id}/`,
  youtube: (post, id) => `https://www.youtube.com/watch?v=${post}&lc=${id}`,
  x: (_post, id) => `https://x.com/i/status/${id}`,
  webhook: (post, id) => `https://example.com/${post}#${id}`,
};

/** The JSON body of POST /webhooks/comments for one sample (the generic webhook's shape). */
export function sampleBody(sample: SampleComment, at: { externalId: string; createdAt: Date }) {
  return {
    source: sample.source,
    externalId: at.externalId,
    text: sample.text,
    author: { name: sample.author.name, id: sample.author.id },
    permalink: PERMALINK[sample.source](encodeURIComponent(sample.postId), encodeURIComponent(at.externalId)),
    postId: sample.postId,
    createdAt: at.createdAt.toISOString(),
    language: sample.language,
  };
}
