/**
 * The reader on pages shaped like the real web (issue 13): the article as its author meant it,
 * whatever our clean-up or the page's own hidden furniture left in the DOM, and junk rules that
 * take short non-prose blocks and never a word of a sentence.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** The reader's article body as a reader sees it (rendered text). */
async function readerText(path: string): Promise<{ body: string }> {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/reader/${path}`);
  const dialog = await h.openReader(page);
  const body = await dialog.locator('.bs-content').innerText();
  await page.close();
  return { body };
}

test('a blog post with folded comments and hidden furniture: the reader shows the post, not the comment', async () => {
  const { body } = await readerText('blog-hidden-furniture.html');
  expect(body).toContain('the transom was soft enough to push a thumbnail into');
  expect(body).toContain('every rivet your neighbour');
  expect(words(body)).toBeGreaterThan(1000);
  // The reader's comment, the hidden form, widgets and share drawer are not the article.
  for (const furniture of [
    'my father rebuilt a very similar boat',
    'Your email address will not be published',
    'Recent Comments',
    'Get every new post by email',
    'Mail this to a friend',
    'Slow Tide app',
    'plank templates',
    'Show comments',
  ]) {
    expect(body).not.toContain(furniture);
  }
});

test('junk inside the body goes: the seed row, print and share, teasers, promos, credits, the byline', async () => {
  const { body } = await readerText('junk-in-body-fr.html');
  expect(body).toContain('La chambre de commerce a voté mardi');
  expect(body).toContain('Source : chambre de commerce et rédaction');
  for (const junk of [
    'folder_open',
    'access_time',
    'AJOUTER AUX FAVORIS',
    'Imprimer',
    'share',
    'Lire aussi',
    'Les quais ensablés',
    'Inscrivez-vous',
    'Crédit',
    'Par Camille Roux',
  ]) {
    expect(body).not.toContain(junk);
  }
});

test('sentences that look like junk stay whole', async () => {
  const { body } = await readerText('prose-like-junk-en.html');
  const text = body.replace(/\s+/g, ' ');
  expect(text).toContain('select the option to comment and write your response.');
  expect(text).toContain(
    'Be sure to visit the bakery cooperative on Facebook, Twitter and Instagram.',
  );
  expect(text).toContain('a cold fridge is its best holiday home.');
  expect(text).toContain('located near the old mill');
  for (const junk of ['Click To Tweet', 'Read also', 'Sign up for', 'Photo: Dana']) {
    expect(text).not.toContain(junk);
  }
});

test('a body split in two by an ad slot: the reader reads it to its end, without the teaser cards', async () => {
  const { body } = await readerText('split-body-en.html');
  const text = body.replace(/\s+/g, ' ');
  expect(text).toContain('without a vote against it.');
  // The part after the ad slot, in a second block of the body's class.
  expect(text).toContain('Not everyone is pleased with the decision.');
  expect(text).toContain('from the first of March.');
  expect(text).not.toContain('Drivers heading into town should expect delays');
  expect(text).not.toContain('Advertisement');
});

test('a page its own script emptied after loading (an error screen in place of the story): the reader reads the article its address served', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/reader/emptied-by-script-en.html`);
  // The page as a reader sees it: the error screen only.
  await expect
    .poll(() => page.locator('body').innerText())
    .toContain('This page is not available right now');
  const dialog = await h.openReader(page);
  const body = (await dialog.locator('.bs-content').innerText()).replace(/\s+/g, ' ');
  await page.close();
  expect(body).toContain('a crate of plums bound for the market on the far shore.');
  expect(body).toContain('before he takes it out into the dark.');
  expect(body).not.toContain('not available right now');
  expect(words(body)).toBeGreaterThan(400);
});

test('embedded posts stay; hover cards, teaser rails, headline runs and boilerplate lines go', async () => {
  const { body } = await readerText('embeds-and-rails-en.html');
  const text = body.replace(/\s+/g, ' ');
  // The quoted tweet is the article's, whatever its wrapper is called.
  expect(text).toContain('Honestly the most accurate tourism slogan I have ever seen.');
  // The linked name stays in its sentence; its hover card does not.
  expect(text).toContain('The mayor, Hal Moreno, said he had expected some teasing');
  expect(text).toContain('and that the buses would carry the slogan from the first of December.');
  for (const junk of [
    'Moreno wins harbour budget vote',
    'Most read in local news',
    'Lighthouse keeper',
    'SEAL OF APPROVAL',
    'Flood barrier plans',
    '[VIDEO]',
    "DON'T MISS",
    'Advertisement',
    'requires JavaScript',
    '[button',
    'uses cookies',
    'Follow the Tidewater Post',
    'About the Author',
    'covers the harbour towns',
    'PUBLISHED',
    'UPDATED',
  ]) {
    expect(text).not.toContain(junk);
  }
});
