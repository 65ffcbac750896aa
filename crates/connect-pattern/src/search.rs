//! Whether a program matches somewhere in a string: a depth-first search over the states
//! (instruction, position in the string), on a stack of its own, that never visits a state
//! twice. Since the pattern has no backreferences, whether a state leads to a match depends on
//! the state alone: a state seen before has already failed. So the search visits at most the
//! program's size times the string's length states, whatever the pattern; a counted run
//! (`[a-z]{1,500}`) takes up to its bound in steps at each of its states.

use crate::program::{Instruction, Program};

pub(crate) fn is_match(program: &Program, text: &str) -> bool {
    let mut search = Search::new(&program.instructions, text);
    if matches!(program.instructions.first(), Some(Instruction::Start)) {
        return search.run(0, 0);
    }
    let mut starts = text.char_indices().map(|(at, _)| at).chain([text.len()]);
    starts.any(|start| search.run(0, start))
}

struct Search<'a> {
    instructions: &'a [Instruction],
    text: &'a str,
    /// One bit per state: instruction × (byte position + 1).
    seen: Vec<u64>,
    stack: Vec<(usize, usize)>,
}

impl<'a> Search<'a> {
    fn new(instructions: &'a [Instruction], text: &'a str) -> Self {
        let states = instructions.len() * (text.len() + 1);
        Self {
            instructions,
            text,
            seen: vec![0; states.div_ceil(64)],
            stack: Vec::new(),
        }
    }

    /// Marks the state seen; whether it was new.
    fn visit(&mut self, pc: usize, at: usize) -> bool {
        let state = pc * (self.text.len() + 1) + at;
        let (word, bit) = (state / 64, 1 << (state % 64));
        let new = self.seen[word] & bit == 0;
        self.seen[word] |= bit;
        new
    }

    /// Whether a `Match` can be reached from instruction `pc` at byte `at`.
    fn run(&mut self, pc: usize, at: usize) -> bool {
        let base = self.stack.len();
        self.stack.push((pc, at));
        while self.stack.len() > base {
            let Some((pc, at)) = self.stack.pop() else {
                break;
            };
            if !self.visit(pc, at) {
                continue;
            }
            let rest = &self.text[at..];
            match &self.instructions[pc] {
                Instruction::Match => {
                    self.stack.truncate(base);
                    return true;
                }
                Instruction::Start => {
                    if at == 0 {
                        self.stack.push((pc + 1, at));
                    }
                }
                Instruction::End => {
                    if rest.is_empty() {
                        self.stack.push((pc + 1, at));
                    }
                }
                Instruction::Text(text) => {
                    if rest.starts_with(text.as_str()) {
                        self.stack.push((pc + 1, at + text.len()));
                    }
                }
                Instruction::Class(class) => {
                    if let Some(c) = rest.chars().next().filter(|c| class.contains(*c)) {
                        self.stack.push((pc + 1, at + c.len_utf8()));
                    }
                }
                Instruction::Run { class, min, max } => {
                    // Pushed shortest first, so that the longest is tried first.
                    let mut end = at;
                    let mut count = 0;
                    if *min == 0 {
                        self.stack.push((pc + 1, end));
                    }
                    for c in rest.chars() {
                        if count == *max || !class.contains(c) {
                            break;
                        }
                        end += c.len_utf8();
                        count += 1;
                        if count >= *min {
                            self.stack.push((pc + 1, end));
                        }
                    }
                }
                Instruction::Star(class) => {
                    self.stack.push((pc + 1, at));
                    if let Some(c) = rest.chars().next().filter(|c| class.contains(*c)) {
                        self.stack.push((pc, at + c.len_utf8()));
                    }
                }
                Instruction::Split(first, second) => {
                    self.stack.push((*second, at));
                    self.stack.push((*first, at));
                }
                Instruction::Jump(to) => self.stack.push((*to, at)),
                Instruction::Look { negated, next } => {
                    // A search of its own: what the lookahead's states lead to is its own
                    // `Match`, not the pattern's.
                    let found = Search::new(self.instructions, self.text).run(pc + 1, at);
                    if found != *negated {
                        self.stack.push((*next, at));
                    }
                }
            }
        }
        false
    }
}
