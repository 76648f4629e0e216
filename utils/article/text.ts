/** Plain text of HTML content, with blocks separated by new lines so words never run together. */

const BLOCK =
  /^(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|figure|figcaption|table|tr|td|th|caption|section|article|aside|header|footer|hr|br|address|details|summary)$/;

export function plainText(root: Element): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        parts.push((child as Text).data);
      } else if (child.nodeType === 1) {
        const name = (child as Element).localName;
        if (name === 'script' || name === 'style' || name === 'template') continue;
        const block = BLOCK.test(name);
        if (block) parts.push('\n');
        walk(child);
        if (block) parts.push('\n');
      }
    }
  };
  walk(root);
  return parts
    .join('')
    .replace(/[ \t\r\f\v\u00a0]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}
