export interface ConsoleState {
  input: string;
  /** Commands sent, oldest first. */
  history: string[];
  /** Position while browsing history with up/down; history.length means "the new line". */
  historyCursor: number;
  sending: boolean;
}

export const initialConsoleState: ConsoleState = { input: '', history: [], historyCursor: 0, sending: false };
