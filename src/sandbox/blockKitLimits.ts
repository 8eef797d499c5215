/**
 * The Block Kit limits Slack enforces, measured as Slack measures them (UTF-16
 * code units), for the block types Leadloop sends: a message breaking one
 * is refused with invalid_blocks, as Slack refuses it (../shared/slack/LIMITS.md §6).
 */
export function blockKitProblem(raw: unknown, maxBlocks: number): string | null {
  if (raw === undefined || raw === null) return null;
  const blocks = typeof raw === 'string' ? (JSON.parse(raw) as any[]) : (raw as any[]);
  if (!Array.isArray(blocks)) return 'blocks must be an array';
  if (blocks.length > maxBlocks) return `no more than ${maxBlocks} items allowed [json-pointer:/blocks]`;
  const tooLong = (text: unknown, max: number, where: string) => (typeof text === 'string' && text.length > max ? `must be less than ${max + 1} characters [json-pointer:${where}]` : null);
  for (const [i, block] of blocks.entries()) {
    const at = `/blocks/${i}`;
    const problem =
      (block.type === 'header' && tooLong(block.text?.text, 150, `${at}/text`)) ||
      (block.type === 'section' && tooLong(block.text?.text, 3000, `${at}/text`)) ||
      (block.type === 'section' && Array.isArray(block.fields) && block.fields.length > 10 && `no more than 10 items allowed [json-pointer:${at}/fields]`) ||
      (block.type === 'section' && (block.fields ?? []).map((f: any, j: number) => tooLong(f.text, 2000, `${at}/fields/${j}`)).find(Boolean)) ||
      (block.type === 'context' && Array.isArray(block.elements) && block.elements.length > 10 && `no more than 10 items allowed [json-pointer:${at}/elements]`) ||
      (block.type === 'actions' && (block.elements ?? []).map((e: any, j: number) => tooLong(e.text?.text, 75, `${at}/elements/${j}/text`) || tooLong(e.value, 2000, `${at}/elements/${j}/value`)).find(Boolean)) ||
      (block.accessory?.type === 'button' && (tooLong(block.accessory.text?.text, 75, `${at}/accessory/text`) || tooLong(block.accessory.value, 2000, `${at}/accessory/value`)));
    if (problem) return problem;
  }
  return null;
}
