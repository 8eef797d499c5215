/** One scored criterion, with the labels it had in the definition version it was judged by. */
export type ScoreLine = { criterion: string; label: string; answer: string; answerLabel: string; points: number };

/** How a lead measured up against one version of the definition. Stored on the lead. */
export type Judgement = {
  definitionVersion: number;
  score: number;
  threshold: number;
  qualified: boolean;
  breakdown: ScoreLine[];
  /** What kept it from qualifying, in words a marketer understands. Empty when qualified. */
  unmet: string[];
};
