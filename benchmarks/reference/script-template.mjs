// NOT our generator: the jobs benchmark's Node side needs a script of the requested length, and this composes one
// from a fixed English template. It is deterministic (the same request gives the same text), uses no randomness,
// clock or network, and does far less work than src/ScriptService's offline generator (no phrasebooks, planning,
// audience/style resolution or Vietnamese text), so the jobs comparison measures the service around it.

// Body word ranges per length, as src/ScriptService/Generation/Offline/ScriptWordRanges.cs.
const WORD_RANGES = { short: [120, 250], medium: [350, 600], long: [800, 1300] };

const SENTENCES = [
  "Today we look at {topic} and why it matters to {audience}.",
  "The short version is that {topic} touches more of daily life than most people notice.",
  "Let us start with the basics before we go further.",
  "A useful way to think about {topic} is as a set of small, connected decisions.",
  "Each of those decisions has a cost and a benefit worth weighing.",
  "Many people meet {topic} first through a single example, and that example shapes what they expect.",
  "It helps to ask what problem {topic} was meant to solve in the first place.",
  "From there, the common misunderstandings become easier to spot.",
  "In a {style} telling, the details matter less than the overall picture.",
  "Still, a few concrete numbers make the picture easier to remember.",
  "Experts tend to agree on the core ideas, even when they argue about the edges.",
  "That agreement is a good place for {audience} to begin.",
];

// FNV-1a over the request's fields: the same request always picks the same length.
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function composeScript({ topic, audience, style, language, length }) {
  const [min, max] = WORD_RANGES[length];
  const seed = hash(`${topic}\u0000${audience ?? ""}\u0000${style ?? ""}\u0000${language}\u0000${length}`);
  const target = min + (seed % (max - min + 1));
  const values = { topic, audience: audience ?? "a general audience", style: style ?? "informative" };
  const words = [];
  for (let i = seed % SENTENCES.length; words.length < target; i = (i + 1) % SENTENCES.length) {
    for (const word of SENTENCES[i].replace(/\{(\w+)\}/g, (_, name) => values[name]).split(" ")) {
      if (words.length === target) break;
      words.push(word);
    }
  }
  return {
    title: `${topic}: what ${values.audience} should know`,
    description: `A ${length}, ${values.style} script about ${topic} for ${values.audience}.`,
    script: words.join(" "),
  };
}
