/** A fenced code block of a Markdown document. */
export interface CodeBlock {
  language: string;
  text: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/** The fenced (```) code blocks of a Markdown document, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (const match of markdown.matchAll(/^```([\w-]*)[^\n]*\n([\s\S]*?)^```/gm)) {
    const line = markdown.slice(0, match.index).split("\n").length;
    blocks.push({ language: match[1] ?? "", text: match[2] ?? "", line });
  }
  return blocks;
}
