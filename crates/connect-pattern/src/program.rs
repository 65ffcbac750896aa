//! The tree written out as a program for the search: instructions and jumps between them.

use crate::class::Class;
use crate::parse::{Error, Node};

/// More instructions than this, once the repetitions of groups are written out, and the
/// pattern is refused: the search's memory is the program's size times the string's length.
const MAX_INSTRUCTIONS: usize = 10_000;

#[derive(Clone, Debug)]
pub(crate) struct Program {
    pub(crate) instructions: Vec<Instruction>,
}

#[derive(Clone, Debug)]
pub(crate) enum Instruction {
    /// Go on if at the start of the string.
    Start,
    /// Go on if at its end.
    End,
    /// Go on past these characters, if they are next.
    Text(String),
    /// Go on past one character of the class.
    Class(Class),
    /// Go on past `min` to `max` characters of the class: a repeated character or class, in
    /// one instruction however large its bounds (`{0,8192}`).
    Run { class: Class, min: u32, max: u32 },
    /// Go on here, or stay at this instruction past one character of the class: the `*` of a
    /// character or class, one state per position of the string.
    Star(Class),
    /// Go on at either instruction.
    Split(usize, usize),
    /// Go on at this instruction.
    Jump(usize),
    /// Go on at `next` if the lookahead that follows (up to its `Match`) matches here, or, when
    /// negated, if it does not.
    Look { negated: bool, next: usize },
    /// The pattern (or a lookahead's) has matched.
    Match,
}

impl Program {
    pub(crate) fn compile(alternatives: &[Vec<Node>]) -> Result<Self, Error> {
        let mut program = Self {
            instructions: Vec::new(),
        };
        program.alternatives(alternatives)?;
        program.push(Instruction::Match)?;
        Ok(program)
    }

    fn push(&mut self, instruction: Instruction) -> Result<usize, Error> {
        if self.instructions.len() == MAX_INSTRUCTIONS {
            return Err(Error::unsupported(
                0,
                format!(
                    "the pattern is too large: more than {MAX_INSTRUCTIONS} instructions once \
                     its repeated groups are written out"
                ),
            ));
        }
        self.instructions.push(instruction);
        Ok(self.instructions.len() - 1)
    }

    fn here(&self) -> usize {
        self.instructions.len()
    }

    /// `a|b|c`: a split before each alternative but the last, a jump to the end after each.
    fn alternatives(&mut self, alternatives: &[Vec<Node>]) -> Result<(), Error> {
        let mut jumps = Vec::new();
        for (index, sequence) in alternatives.iter().enumerate() {
            if index + 1 == alternatives.len() {
                self.sequence(sequence)?;
                break;
            }
            let split = self.push(Instruction::Split(0, 0))?;
            self.sequence(sequence)?;
            jumps.push(self.push(Instruction::Jump(0))?);
            self.instructions[split] = Instruction::Split(split + 1, self.here());
        }
        let end = self.here();
        for jump in jumps {
            self.instructions[jump] = Instruction::Jump(end);
        }
        Ok(())
    }

    fn sequence(&mut self, nodes: &[Node]) -> Result<(), Error> {
        let mut text = String::new();
        for node in nodes {
            if let Node::Char(c) = node {
                text.push(*c);
                continue;
            }
            if !text.is_empty() {
                self.push(Instruction::Text(std::mem::take(&mut text)))?;
            }
            self.node(node)?;
        }
        if !text.is_empty() {
            self.push(Instruction::Text(text))?;
        }
        Ok(())
    }

    fn node(&mut self, node: &Node) -> Result<(), Error> {
        match node {
            Node::Start => self.push(Instruction::Start).map(drop),
            Node::End => self.push(Instruction::End).map(drop),
            Node::Char(c) => self.push(Instruction::Text(c.to_string())).map(drop),
            Node::Class(class) => self.push(Instruction::Class(class.clone())).map(drop),
            Node::Group(alternatives) => self.alternatives(alternatives),
            Node::Look {
                negated,
                alternatives,
            } => {
                let look = self.push(Instruction::Look {
                    negated: *negated,
                    next: 0,
                })?;
                self.alternatives(alternatives)?;
                self.push(Instruction::Match)?;
                self.instructions[look] = Instruction::Look {
                    negated: *negated,
                    next: self.here(),
                };
                Ok(())
            }
            Node::Repeat { item, min, max } => self.repeat(item, *min, *max),
        }
    }

    /// `item{min,max}`: one run when the item is one character; else `min` copies of the item,
    /// then a loop (no `max`) or `max - min` optional copies.
    fn repeat(&mut self, item: &Node, min: u32, max: Option<u32>) -> Result<(), Error> {
        if let Some(class) = one_character(item) {
            // `x{2,}` is `x{2}x*`: a run of unbounded length would be tried from every
            // position it can start at, a star once per position.
            if min > 0 || max.is_some() {
                let max = max.unwrap_or(min);
                self.push(Instruction::Run {
                    class: class.clone(),
                    min,
                    max,
                })?;
            }
            if max.is_none() {
                self.push(Instruction::Star(class))?;
            }
            return Ok(());
        }
        for _ in 0..min {
            self.node(item)?;
        }
        match max {
            None => {
                let split = self.push(Instruction::Split(0, 0))?;
                self.node(item)?;
                self.push(Instruction::Jump(split))?;
                self.instructions[split] = Instruction::Split(split + 1, self.here());
            }
            Some(max) => {
                let mut splits = Vec::new();
                for _ in min..max {
                    splits.push(self.push(Instruction::Split(0, 0))?);
                    self.node(item)?;
                }
                let end = self.here();
                for split in splits {
                    self.instructions[split] = Instruction::Split(split + 1, end);
                }
            }
        }
        Ok(())
    }
}

/// The class of an item that matches exactly one character: `a`, `[a-z]`, `(?:\d)`.
fn one_character(item: &Node) -> Option<Class> {
    match item {
        Node::Char(c) => Some(Class::char(*c)),
        Node::Class(class) => Some(class.clone()),
        Node::Group(alternatives) => match alternatives.as_slice() {
            [sequence] => match sequence.as_slice() {
                [node] => one_character(node),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}
