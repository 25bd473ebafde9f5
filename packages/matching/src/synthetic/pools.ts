// Value pools for the synthetic customer generator: given names (many with nicknames), surnames, streets, places.

export const MALE_NAMES = [
  "james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles", "christopher",
  "daniel", "matthew", "anthony", "donald", "steven", "paul", "andrew", "joshua", "kenneth", "kevin", "brian", "george",
  "edward", "ronald", "timothy", "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric", "jonathan", "stephen",
  "larry", "justin", "scott", "brandon", "benjamin", "samuel", "gregory", "frank", "alexander", "raymond", "patrick",
  "jack", "dennis", "jerry", "tyler", "aaron", "jose", "adam", "henry", "nathan", "douglas", "zachary", "peter", "kyle",
  "walter", "ethan", "jeremy", "harold", "keith", "christian", "roger", "noah", "gerald", "carl", "terry", "sean",
  "austin", "arthur", "lawrence", "jesse", "dylan", "bryan", "joe", "jordan", "billy", "bruce", "albert", "willie",
  "gabriel", "logan", "alan", "juan", "wayne", "roy", "ralph", "randy", "eugene", "vincent", "russell", "elijah",
  "louis", "bobby", "philip", "johnny", "frederick", "bernard", "leonard", "theodore", "clifford", "calvin", "oliver",
  "liam", "mason", "lucas", "hector", "rahul", "wei", "hiroshi", "mohammed", "omar", "ivan", "dmitri", "pablo", "luca",
];

export const FEMALE_NAMES = [
  "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah", "karen", "nancy",
  "lisa", "betty", "margaret", "sandra", "ashley", "kimberly", "emily", "donna", "michelle", "dorothy", "carol",
  "amanda", "melissa", "deborah", "stephanie", "rebecca", "sharon", "laura", "cynthia", "kathleen", "amy", "shirley",
  "angela", "helen", "anna", "brenda", "pamela", "nicole", "emma", "samantha", "katherine", "christine", "debra",
  "rachel", "catherine", "carolyn", "janet", "ruth", "maria", "heather", "diane", "virginia", "julie", "joyce",
  "victoria", "olivia", "kelly", "christina", "lauren", "joan", "evelyn", "judith", "megan", "cheryl", "andrea",
  "hannah", "martha", "jacqueline", "frances", "gloria", "ann", "teresa", "kathryn", "sara", "janice", "jean",
  "alice", "madison", "doris", "abigail", "julia", "judy", "grace", "denise", "amber", "marilyn", "beverly", "danielle",
  "theresa", "sophia", "marie", "diana", "brittany", "natalie", "isabella", "charlotte", "rose", "alexis", "kayla",
  "eleanor", "florence", "valerie", "gwendolyn", "rosemary", "allison", "lillian", "josephine", "priya", "mei", "yuki",
  "fatima", "aisha", "olga", "svetlana", "lucia", "sofia", "ingrid",
];

export const SURNAMES = [
  "smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez", "martinez", "hernandez",
  "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin", "lee", "perez",
  "thompson", "white", "harris", "sanchez", "clark", "ramirez", "lewis", "robinson", "walker", "young", "allen", "king",
  "wright", "scott", "torres", "nguyen", "hill", "flores", "green", "adams", "nelson", "baker", "hall", "rivera",
  "campbell", "mitchell", "carter", "roberts", "gomez", "phillips", "evans", "turner", "diaz", "parker", "cruz",
  "edwards", "collins", "reyes", "stewart", "morris", "morales", "murphy", "cook", "rogers", "gutierrez", "ortiz",
  "morgan", "cooper", "peterson", "bailey", "reed", "kelly", "howard", "ramos", "kim", "cox", "ward", "richardson",
  "watson", "brooks", "chavez", "wood", "james", "bennett", "gray", "mendoza", "ruiz", "hughes", "price", "alvarez",
  "castillo", "sanders", "patel", "myers", "long", "ross", "foster", "jimenez", "powell", "jenkins", "perry", "russell",
  "sullivan", "bell", "coleman", "butler", "henderson", "barnes", "gonzales", "fisher", "vasquez", "simmons", "romero",
  "jordan", "patterson", "alexander", "hamilton", "graham", "reynolds", "griffin", "wallace", "moreno", "west", "cole",
  "hayes", "bryant", "herrera", "gibson", "ellis", "tran", "medina", "aguilar", "stevens", "murray", "ford", "castro",
  "marshall", "owens", "harrison", "fernandez", "mcdonald", "woods", "washington", "kennedy", "wells", "vargas",
  "henry", "chen", "freeman", "webb", "tucker", "guzman", "burns", "crawford", "olson", "simpson", "porter", "hunter",
  "gordon", "mendez", "silva", "shaw", "snyder", "mason", "dixon", "munoz", "hunt", "hicks", "holmes", "palmer",
  "wagner", "black", "robertson", "boyd", "rose", "stone", "salazar", "fox", "warren", "mills", "meyer", "rice",
  "schmidt", "garza", "daniels", "ferguson", "nichols", "stephens", "soto", "weaver", "ryan", "gardner", "payne",
  "grant", "dunn", "kelley", "spencer", "hawkins", "arnold", "pierce", "vazquez", "hansen", "peters", "santos", "hart",
  "bradley", "knight", "elliott", "cunningham", "duncan", "armstrong", "hudson", "carroll", "lane", "riley", "andrews",
  "alvarado", "ray", "delgado", "berry", "perkins", "hoffman", "johnston", "matthews", "pena", "richards", "contreras",
  "willis", "carpenter", "lawrence", "sandoval", "guerrero", "george", "chapman", "rios", "estrada", "ortega",
  "watkins", "greene", "nunez", "wheeler", "valdez", "harper", "burke", "larson", "santiago", "maldonado", "morrison",
  "franklin", "carlson", "austin", "dominguez", "carr", "lawson", "jacobs", "obrien", "lynch", "singh", "vega",
  "bishop", "montgomery", "oliver", "jensen", "harvey", "williamson", "gilbert", "dean", "sims", "espinoza", "howell",
  "li", "wong", "reid", "hanson", "le", "mccoy", "garrett", "burton", "fuller", "wang", "weber", "welch", "rojas",
  "lucas", "marquez", "fields", "park", "yang", "little", "banks", "padilla", "day", "walsh", "bowman", "schultz",
  "luna", "fowler", "mejia", "davidson", "acosta", "brewer", "may", "holland", "juarez", "newman", "pearson", "curtis",
  "cortez", "douglas", "schneider", "joseph", "barrett", "navarro", "figueroa", "keller", "avila", "wade", "molina",
  "stanley", "hopkins", "campos", "barnett", "bates", "chambers", "caldwell", "beck", "lambert", "miranda", "byrd",
  "craig", "ayala", "lowe", "frazier", "powers", "neal", "leonard", "gregory", "carrillo", "sutton", "fleming",
  "rhodes", "shelton", "schwartz", "norris", "jennings", "watts", "duran", "walters", "cohen", "mcdaniel", "moran",
  "parks", "steele", "vaughn", "becker", "holt", "deleon", "barker", "terry", "hale", "leon", "hail", "benson",
  "haynes", "horton", "miles", "lyons", "pham", "graves", "bush", "thornton", "wolfe", "warner", "cabrera", "mckinney",
  "mann", "zimmerman", "dawson", "lara", "fletcher", "page", "mccarthy", "love", "robles", "cervantes", "solis",
  "erickson", "reeves", "chang", "klein", "salinas", "fuentes", "baldwin", "daniel", "simon", "velasquez", "hardy",
  "higgins", "aguirre", "lin", "cummings", "chandler", "sharp", "barber", "bowen", "ochoa", "dennis", "robbins",
  "liu", "ramsey", "francis", "griffith", "paul", "blair", "oconnor", "cardenas", "pacheco", "cross", "calderon",
  "quinn", "moss", "swanson", "chan", "rivas", "khan", "rodgers", "serrano", "fitzgerald", "rosales", "stevenson",
  "christensen", "manning", "gill", "curry", "mclaughlin", "harmon", "mcgee", "gross", "doyle", "garner", "newton",
  "burgess", "reese", "walton", "blake", "trujillo", "adkins", "brady", "goodman", "roman", "webster", "goodwin",
  "fischer", "huang", "potter", "delacruz", "montoya", "todd", "wu", "hines", "mullins", "castaneda", "malone",
  "cannon", "tate", "mack", "sherman", "hubbard", "hodges", "zhang", "guerra", "wolf", "valencia", "saunders",
  "franco", "rowe", "gallagher", "farmer", "hammond", "hampton", "townsend", "ingram", "wise", "gallegos", "clarke",
  "barton", "schroeder", "maxwell", "waters", "logan", "camacho", "strickland", "norman", "person", "colon", "parsons",
  "frank", "harrington", "glover", "osborne", "buchanan", "casey", "floyd", "patton", "ibarra", "ball", "tyler",
  "suarez", "bowers", "orozco", "salas", "cobb", "gibbs", "andrade", "bauer", "conner", "moody", "escobar", "mcguire",
  "lloyd", "mueller", "hartman", "french", "kramer", "mcbride", "pope", "lindsey", "velazquez", "norton", "mccormick",
  "sparks", "flynn", "yates", "hogan", "marsh", "macias", "villanueva", "zamora", "pratt", "stokes", "owen", "ballard",
  "lang", "brock", "villarreal", "charles", "drake", "barrera", "cain", "patrick", "pineda", "burnett", "mercado",
  "santana", "shepherd", "bautista", "ali", "shaffer", "lamb", "trevino", "mckenzie", "hess", "beil", "olsen",
  "cochran", "morton", "nash", "wilkins", "petersen", "briggs", "shah", "roth", "nicholson", "holloway", "lozano",
  "zybrowski", "okonkwo", "nakamura", "kowalczyk", "abernathy", "vanderberg", "oyelaran", "quintanilla", "rasmussen",
];

// English place-name surnames (Ashford, Blackwood...): a long tail of rarer surnames, so namesakes are as common
// as in a real population rather than a few hundred names repeating across a million records.
const SURNAME_STEMS = [
  "ash", "black", "brad", "brook", "cal", "crane", "dar", "elm", "fair", "farn", "green", "hart", "hol", "kings", "lang",
  "mar", "mid", "new", "north", "old", "red", "ross", "ship", "stan", "strat", "wal", "west", "whit", "win", "wood",
  "bram", "cran", "dun", "east", "gold", "hay",
];
const SURNAME_ENDINGS = ["ford", "wood", "ley", "ton", "field", "worth", "well", "by", "ham", "hurst", "more", "stead", "wick", "combe", "den", "dale", "shaw", "bury", "ridge", "croft", "brook", "win"];
export const RARE_SURNAMES = SURNAME_STEMS.flatMap((stem) => SURNAME_ENDINGS.map((ending) => stem + ending));

export const STREET_NAMES = [
  "main", "oak", "pine", "maple", "cedar", "elm", "washington", "lake", "hill", "park", "view", "sunset", "lincoln",
  "jackson", "church", "willow", "river", "highland", "madison", "forest", "spring", "ridge", "meadow", "walnut",
  "cherry", "chestnut", "franklin", "jefferson", "adams", "center", "union", "mill", "north", "south", "broad",
  "prospect", "grove", "locust", "dogwood", "birch", "holly", "laurel", "magnolia", "aspen", "hickory", "poplar",
  "sycamore", "juniper", "heather", "valley", "bay", "harbor", "beacon", "crescent", "garden", "orchard", "mountain",
  "canyon", "desert", "adela", "wallaby", "kingfisher", "heron", "falcon", "eagle", "hawthorn", "primrose", "bluebell",
];

export const STREET_TYPES = ["street", "avenue", "road", "drive", "lane", "court", "place", "boulevard", "way", "terrace"];
export const STREET_TYPE_ABBREVIATIONS: Record<string, string> = {
  street: "St", avenue: "Ave", road: "Rd", drive: "Dr", lane: "Ln", court: "Ct", place: "Pl", boulevard: "Blvd", way: "Way", terrace: "Tce",
};

/** City, state, and the first three digits its ZIP codes share. */
export const PLACES: [string, string, string][] = [
  ["new york", "ny", "100"], ["los angeles", "ca", "900"], ["chicago", "il", "606"], ["houston", "tx", "770"],
  ["phoenix", "az", "850"], ["philadelphia", "pa", "191"], ["san antonio", "tx", "782"], ["san diego", "ca", "921"],
  ["dallas", "tx", "752"], ["san jose", "ca", "951"], ["austin", "tx", "787"], ["jacksonville", "fl", "322"],
  ["columbus", "oh", "432"], ["charlotte", "nc", "282"], ["indianapolis", "in", "462"], ["seattle", "wa", "981"],
  ["denver", "co", "802"], ["boston", "ma", "021"], ["nashville", "tn", "372"], ["portland", "or", "972"],
  ["las vegas", "nv", "891"], ["detroit", "mi", "482"], ["memphis", "tn", "381"], ["louisville", "ky", "402"],
  ["baltimore", "md", "212"], ["milwaukee", "wi", "532"], ["albuquerque", "nm", "871"], ["tucson", "az", "857"],
  ["fresno", "ca", "937"], ["sacramento", "ca", "958"], ["atlanta", "ga", "303"], ["miami", "fl", "331"],
  ["omaha", "ne", "681"], ["raleigh", "nc", "276"], ["minneapolis", "mn", "554"], ["tulsa", "ok", "741"],
  ["cleveland", "oh", "441"], ["wichita", "ks", "672"], ["tampa", "fl", "336"], ["pittsburgh", "pa", "152"],
  ["cincinnati", "oh", "452"], ["st louis", "mo", "631"], ["orlando", "fl", "328"], ["buffalo", "ny", "142"],
  ["madison", "wi", "537"], ["boise", "id", "837"], ["richmond", "va", "232"], ["spokane", "wa", "992"],
  ["des moines", "ia", "503"], ["salt lake city", "ut", "841"],
];

export const EMAIL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com", "proton.me", "comcast.net", "gmail.com", "gmail.com"];

export const SOURCES = ["crm", "billing", "support", "marketing", "ecommerce"] as const;
export type SyntheticSource = (typeof SOURCES)[number];
