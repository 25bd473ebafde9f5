// Common English nicknames -> the formal given name they stand for, so "Bob" and "Robert" compare as one name.
// Where a nickname serves several formal names (Alex: Alexander, Alexandra) the first listed wins: the
// comparison only needs both spellings to land on the same key, not the "true" formal name.

const FORMAL_TO_NICKNAMES: Record<string, string[]> = {
  abigail: ["abby", "abbie", "gail"],
  abraham: ["abe", "bram"],
  albert: ["al", "bert", "bertie"],
  alexander: ["alex", "alec", "sandy", "xander", "lex", "alexandra", "alexa", "sasha", "alexis"],
  alfred: ["alf", "alfie", "fred"],
  allison: ["allie", "ally", "alison"],
  andrew: ["andy", "drew"],
  angela: ["angie"],
  anthony: ["tony", "ant"],
  arthur: ["art", "artie"],
  barbara: ["barb", "barbie", "babs"],
  benjamin: ["ben", "benny", "benji"],
  bernard: ["bernie"],
  beverly: ["bev"],
  bradley: ["brad"],
  calvin: ["cal"],
  cameron: ["cam"],
  catherine: [
    "cathy",
    "cath",
    "kate",
    "katie",
    "kathy",
    "kathryn",
    "katherine",
    "kitty",
    "kat",
    "cate",
    "caitlin",
  ],
  charles: ["charlie", "chuck", "chas", "chaz", "chip"],
  charlotte: ["lottie", "charlie"],
  christina: ["chris", "christine", "tina", "chrissy", "kristina", "kristine"],
  christopher: ["kit", "topher", "chris"],
  clifford: ["cliff"],
  cynthia: ["cindy"],
  daniel: ["dan", "danny"],
  david: ["dave", "davy", "davey"],
  deborah: ["debbie", "deb", "debra", "debby"],
  dennis: ["denny"],
  donald: ["don", "donnie", "donny"],
  dorothy: ["dot", "dottie", "dolly", "dora"],
  douglas: ["doug"],
  edward: ["ed", "eddie", "ted", "teddy", "ned", "eddy"],
  eleanor: ["ellie", "nell", "nellie", "elle", "nora"],
  elizabeth: [
    "liz",
    "lizzie",
    "beth",
    "betty",
    "betsy",
    "eliza",
    "libby",
    "bess",
    "bessie",
    "lisa",
    "liza",
    "elise",
    "lizzy",
  ],
  emily: ["em", "emmy", "millie"],
  eugene: ["gene"],
  evelyn: ["evie", "eve"],
  florence: ["flo", "florrie"],
  frances: ["fran", "frankie", "fanny"],
  francis: ["frank", "franky"],
  frederick: ["freddie", "freddy", "fritz"],
  gabriel: ["gabe"],
  geoffrey: ["geoff", "jeff", "jeffrey", "jeffery"],
  gerald: ["gerry", "jerry"],
  gregory: ["greg"],
  gwendolyn: ["gwen"],
  harold: ["hal", "harry"],
  helen: ["nell", "lena"],
  henry: ["hank", "hal", "hen", "harry"],
  herbert: ["herb", "bert"],
  isabella: ["bella", "izzy", "isabel", "isabelle", "belle", "izzie"],
  jacob: ["jake", "jay"],
  james: ["jim", "jimmy", "jamie", "jimmie", "jem"],
  janet: ["jan", "jen"],
  jennifer: ["jenny", "jenn", "jennie", "jen"],
  jessica: ["jess", "jessie"],
  joan: ["joanie"],
  john: ["jack", "johnny", "jon", "jonny", "johnnie"],
  jonathan: ["jonny", "nathan"],
  joseph: ["joe", "joey", "jo"],
  josephine: ["josie", "jo"],
  joshua: ["josh"],
  judith: ["judy", "jude"],
  katherine: [],
  kenneth: ["ken", "kenny"],
  lawrence: ["larry", "laurie", "laurence"],
  leonard: ["len", "lenny", "leo"],
  lillian: ["lily", "lil", "lilly"],
  louis: ["lou", "louie"],
  margaret: [
    "maggie",
    "meg",
    "peggy",
    "peg",
    "marge",
    "margie",
    "madge",
    "greta",
    "megan",
    "maisie",
    "daisy",
    "rita",
    "margo",
    "margot",
  ],
  martha: ["marty", "mattie", "patsy"],
  martin: ["marty"],
  mary: ["molly", "polly", "mae", "mamie", "mimi"],
  matthew: ["matt", "matty"],
  michael: ["mike", "mikey", "mick", "mickey", "mitch"],
  mitchell: [],
  nathaniel: ["nate", "nat", "nathan"],
  nicholas: ["nick", "nicky", "nico", "nic"],
  oliver: ["ollie", "olly"],
  pamela: ["pam"],
  patricia: ["pat", "patty", "patti", "trish", "tricia", "trisha"],
  patrick: ["paddy", "rick"],
  peter: ["pete"],
  philip: ["phil", "pip", "phillip"],
  rebecca: ["becky", "becca", "becka"],
  raymond: ["ray"],
  richard: ["rick", "ricky", "dick", "rich", "richie", "rico"],
  robert: ["bob", "bobby", "rob", "robbie", "bert", "robby", "rab", "robin"],
  ronald: ["ron", "ronnie", "ronny"],
  rosemary: ["rose", "rosie"],
  samuel: ["sam", "sammy"],
  samantha: ["sam", "sammie"],
  sarah: ["sally", "sadie", "sara"],
  stephen: ["steve", "stevie", "steven", "stephan"],
  stanley: ["stan"],
  susan: ["sue", "susie", "suzy", "susanne", "suzanne", "susannah"],
  teresa: ["terri", "terry", "tess", "tessa", "theresa", "tracy"],
  theodore: ["theo", "teddy"],
  thomas: ["tom", "tommy", "thom"],
  timothy: ["tim", "timmy"],
  valerie: ["val"],
  victoria: ["vicky", "vicki", "tori", "vic"],
  vincent: ["vince", "vinny"],
  virginia: ["ginny", "ginger"],
  walter: ["walt", "wally"],
  william: ["bill", "billy", "will", "willy", "willie", "liam"],
  zachary: ["zach", "zack", "zak"],
};

const NICKNAME_TO_FORMAL = new Map<string, string>();
for (const [formal, nicknames] of Object.entries(FORMAL_TO_NICKNAMES)) {
  for (const nickname of nicknames)
    if (!NICKNAME_TO_FORMAL.has(nickname)) NICKNAME_TO_FORMAL.set(nickname, formal);
}
for (const formal of Object.keys(FORMAL_TO_NICKNAMES)) NICKNAME_TO_FORMAL.delete(formal);
// A formal name listed as another's nickname (katherine -> catherine) points on to that one.
NICKNAME_TO_FORMAL.set("katherine", "catherine");

/** The formal name a (folded, lower-case) given name stands for; the name itself when it is not a known nickname. */
export function formalGivenName(name: string): string {
  return NICKNAME_TO_FORMAL.get(name) ?? name;
}

/** Nicknames of a formal name, for generators and documentation. */
export function nicknamesOf(formal: string): readonly string[] {
  return FORMAL_TO_NICKNAMES[formal] ?? [];
}

export const KNOWN_FORMAL_NAMES: readonly string[] = Object.keys(FORMAL_TO_NICKNAMES);

const DIMINUTIVE_ENDING = /^([a-z]{2,}?)(ie|ey|y|i)$/;

/**
 * True when one (folded, lower-case) given name is a pet form of the other made by the common English rule: the first
 * syllable of the name, its last consonant often doubled, and -y, -ie, -ey or -i (Addy or Addie for Adeline, Kimmy for
 * Kimberley, Manny for Manuela, Rowwie for Rowland). The stem must be two letters or more and begin the longer name;
 * no list can hold every such form, and most are made this way.
 */
export function isDiminutiveOf(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length < 3 || long.length < short.length || short === long) return false;
  const match = DIMINUTIVE_ENDING.exec(short);
  if (!match) return false;
  let stem = match[1]!;
  // Kimm-y, Add-ie: the doubled consonant is the pet form's, the name has it once.
  if (stem.length >= 3 && stem[stem.length - 1] === stem[stem.length - 2]) stem = stem.slice(0, -1);
  return stem.length >= 2 && long.length >= stem.length + 2 && long.startsWith(stem);
}
