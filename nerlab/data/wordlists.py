"""Words and sentence templates for the synthetic corpora (plain lists, no data files).

Templates are sentences with tokens separated by single spaces; a slot such as `{PERSON}`
is filled with a name of that label, and `{X}` with an ambiguous word (see AMBIGUOUS).
Punctuation is written as separate tokens; `synthetic.py` decides where spaces go.

Name pools are split in two: every fourth entry (positions 3, 7, 11, ...) is HELD OUT,
used only for development documents, so a model can be tested on names it never saw.
Ambiguous words (Apple, May, Jordan, ...) are kept out of the ordinary pools so that the
`ambiguity` knob alone decides how often they appear.
"""

# Word lists read best as paragraphs, not one word a line: the formatter leaves them alone.
# fmt: off
LABELS = ("PERSON", "ORG", "GPE", "DATE", "PRODUCT", "TECH")
NEWS_LABELS = ("PERSON", "ORG", "GPE", "DATE")  # what a pretrained "news" model knows

FIRST_NAMES = [
    "Jane", "Wei", "Maria", "John", "Aisha", "Carlos", "Yuki", "Olga", "Peter", "Fatima",
    "Lars", "Priya", "Tom", "Chloe", "Ahmed", "Sofia", "Kenji", "Laura", "Omar", "Ingrid",
    "David", "Mei", "Lucas", "Amara", "Ivan", "Elena", "Ravi", "Hannah", "Diego", "Nora",
    "Samuel", "Leila", "Felix", "Grace", "Mateo", "Zara", "Oliver", "Ines", "Kofi", "Anna",
    "Hugo", "Sara", "Arjun", "Clara", "Emil", "Yara", "Victor", "Lena", "Tariq", "Julia",
    "Marco", "Nadia", "Erik", "Rosa", "Daniel", "Hana", "Pablo", "Lina", "Simon", "Esther",
]
SURNAMES = [
    "Chen", "Doe", "Garcia", "Okafor", "Schmidt", "Tanaka", "Ivanova", "Smith", "Haddad", "Larsen",
    "Patel", "Brown", "Dubois", "Khan", "Rossi", "Nakamura", "Fischer", "Mensah", "Novak", "Silva",
    "Cohen", "Wang", "Kowalski", "Mwangi", "Petrov", "Jensen", "Reddy", "Murphy", "Lopez", "Berg",
    "Adeyemi", "Keller", "Moreau", "Sato", "Hansen", "Costa", "Nguyen", "Wilson", "Yilmaz", "Lindqvist",
    "Park", "Weber", "Ferrari", "Osei", "Horvat", "Santos", "Kim", "Taylor", "Ali", "Nilsen",
    "Bianchi", "Kruger", "Ortiz", "Suzuki", "Walsh", "Varga", "Diallo", "Meyer", "Romero", "Lund",
]
INITIALS = list("ABCDEFGHJKLMNPRSTW")

ORGS = [
    "Acme Corporation", "Globex", "Initech", "Umbrella Corporation", "Hooli", "Stark Industries",
    "Wayne Enterprises", "Cyberdyne Systems", "Vandelay Industries", "Massive Dynamic",
    "Soylent", "Tyrell Corporation", "Aperture Science", "Pied Piper", "Nakatomi Trading",
    "Oscorp", "Microsoft", "Google", "IBM", "Siemens", "Toyota", "Nestle", "Reuters", "UNICEF",
    "Red Cross", "World Bank", "Deutsche Bahn", "Samsung", "Spotify", "Airbus", "Oxfam",
    "Northwind Traders", "Contoso", "Fabrikam", "Blue Harbor Bank", "Greenleaf Foods",
    "Orbital Dynamics", "Helix Labs", "Sunrise Media", "Polar Logistics", "Quantum Retail",
    "Silverline Insurance", "Redwood Capital", "Atlas Energy", "Nimbus Cloud", "Crescent Pharma",
    "Ironclad Security", "Bluebird Airlines",
]
GPES = [
    "Paris", "Berlin", "New York", "Tokyo", "Lagos", "Mumbai", "Toronto", "Cairo", "Nairobi",
    "Buenos Aires", "Hong Kong", "Los Angeles", "Kenya", "Peru", "Norway", "Vietnam",
    "New Zealand", "South Africa", "Texas", "Bavaria", "Ontario", "Scotland", "Madrid", "Seoul",
    "Lisbon", "Chicago", "Brazil", "Canada", "Ghana", "Poland", "Chile", "Finland", "Oslo",
    "Manila", "Jakarta", "Dublin", "Vienna", "Mexico City", "Sydney", "Egypt", "Portugal",
    "California", "Hamburg", "Lima", "Denmark", "Singapore", "Ireland", "Quebec",
]
PRODUCTS = [
    "iPhone 12", "PlayStation 5", "Model S", "Kindle", "ThinkPad X1", "Surface Pro", "Walkman",
    "Pixel 7", "Xbox", "Roomba", "Fitbit", "GoPro", "AirPods", "Prius", "Corolla", "Big Mac",
    "Game Boy", "Nintendo Switch", "Echo Dot", "MacBook Air", "Vespa", "Polaroid", "Oculus Quest",
    "Chromebook", "Tamagotchi", "Segway", "Instant Pot", "Dyson V11", "Nespresso Vertuo",
    "Kindle Paperwhite", "Model T", "Beetle", "Rubik 's Cube", "Lego Technic", "Steam Deck",
    "Nokia 3310", "Galaxy Tab", "Moto G", "Discman", "Blackberry Bold",
]
TECHS = [
    "Kubernetes", "React", "PostgreSQL", "TensorFlow", "Docker", "Linux", "JavaScript", "GraphQL",
    "Redis", "Kafka", "Hadoop", "Terraform", "Ansible", "Django", "Flask", "PyTorch", "spaCy",
    "Vue", "Angular", "Elasticsearch", "MongoDB", "SQLite", "TypeScript", "Haskell", "Scala",
    "Kotlin", "Fortran", "COBOL", "Perl", "Jupyter", "NumPy", "pandas", "matplotlib", "git",
    "Nginx", "RabbitMQ", "Cassandra", "Svelte", "Erlang", "OCaml",
]
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
DAYS = [str(day) for day in range(1, 29)]
YEARS = [str(year) for year in range(1985, 2031)]

# Words that are entities in one context and not in another, or of one label here and
# another there. For each word: (label, templates) pairs, label None = not an entity.
AMBIGUOUS = {
    "Apple": [
        ("ORG", ["{X} unveiled the {PRODUCT} on {DATE} .", "{PERSON} got a job at {X} in {GPE} ."]),
        (None, ["{X} pie is the best dessert in {GPE} .", "{PERSON} ate an apple and a pear ."]),
    ],
    "May": [
        ("DATE", ["{PERSON} will visit {GPE} in {X} .", "the festival in {GPE} takes place every {X} ."]),
        (None, ["{X} I ask {PERSON} a question ?", "{X} we use {TECH} for this ?", "we may move to {GPE} ."]),
    ],
    "Jordan": [
        ("PERSON", ["{X} scored twice for the home team .", "{X} joined {ORG} on {DATE} ."]),
        ("GPE", ["{PERSON} flew to {X} on {DATE} .", "the border between {X} and {GPE} is closed ."]),
    ],
    "Washington": [
        ("PERSON", ["{X} crossed the river with his troops .", "a portrait of {X} hangs in the hall ."]),
        ("GPE", ["{ORG} lobbied hard in {X} .", "{PERSON} moved from {GPE} to {X} ."]),
    ],
    "Python": [
        ("TECH", ["{PERSON} rewrote the script in {X} .", "{X} is the first language {ORG} teaches ."]),
        (None, ["{X} snakes can swallow large prey .", "a python escaped from the zoo in {GPE} ."]),
    ],
    "Turkey": [
        ("GPE", ["{PERSON} spent the summer in {X} .", "{X} and {GPE} signed the agreement ."]),
        (None, ["{X} sandwiches were served at lunch .", "we had roast turkey with {PERSON} ."]),
    ],
    "Will": [
        ("PERSON", ["ask {X} about the {PRODUCT} .", "{X} fixed the {TECH} config ."]),
        (None, ["{X} you call {PERSON} back ?", "{X} the {PRODUCT} arrive on time ?"]),
    ],
    "Windows": [
        ("PRODUCT", ["{X} crashed during the demo .", "{PERSON} still runs {X} at home ."]),
        (None, ["{X} in the old office never close .", "{PERSON} cleaned the windows ."]),
    ],
    "Swift": [
        ("TECH", ["{PERSON} writes apps in {X} .", "{ORG} ported the app to {X} ."]),
        (None, ["{X} action by {ORG} saved the day .", "{PERSON} gave a swift reply ."]),
    ],
    "March": [
        ("DATE", ["the shop in {GPE} reopens in {X} .", "{PERSON} started at {ORG} in {X} ."]),
        (None, ["{X} to the square and wait for {PERSON} .", "they march through {GPE} every year ."]),
    ],
}

# The dozen simplest templates come first: a corpus of "a few templates" uses only these.
TEMPLATES = [
    "who are {PERSON} and {PERSON} ?",
    "{PERSON} works for {ORG} in {GPE} .",
    "{ORG} released the {PRODUCT} on {DATE} .",
    "our team moved the backend to {TECH} .",
    "{PERSON} flew to {GPE} on {DATE} .",
    "is the {PRODUCT} made by {ORG} ?",
    "{PERSON} prefers {TECH} over {TECH} .",
    "the meeting with {PERSON} is on {DATE} .",
    "{ORG} opened a new office in {GPE} .",
    "{PERSON} bought a {PRODUCT} for her brother .",
    "{ORG} builds its website with {TECH} .",
    "does anyone in {GPE} still use {TECH} ?",
    # -- more variety --
    "can {PERSON} send me the slides about {TECH} ?",
    "{PERSON} and {PERSON} founded {ORG} in {DATE} .",
    "the {PRODUCT} sold out in {GPE} within hours .",
    "{ORG} hired {PERSON} as head of research .",
    "I met {PERSON} at a conference in {GPE} .",
    "{PERSON} wrote a book about {TECH} .",
    "{ORG} moved its headquarters from {GPE} to {GPE} .",
    "the new {PRODUCT} runs on {TECH} .",
    "{PERSON} was born in {GPE} on {DATE} .",
    "please ask {PERSON} whether the {PRODUCT} is in stock .",
    "we migrated from {TECH} to {TECH} on {DATE} .",
    "{ORG} and {ORG} announced a merger on {DATE} .",
    "my sister works at {ORG} .",
    "the {PRODUCT} from {ORG} costs too much .",
    "{PERSON} gave a talk on {TECH} at {ORG} .",
    "since {DATE} , {PERSON} has lived in {GPE} .",
    "is {TECH} faster than {TECH} ?",
    "{PERSON} reviewed the {PRODUCT} for {ORG} .",
    "the office in {GPE} closes on {DATE} .",
    "thanks to {PERSON} for fixing the {TECH} build .",
    "who at {ORG} approved this ?",
    "{GPE} banned sales of the {PRODUCT} on {DATE} .",
    "{PERSON} , {PERSON} and {PERSON} signed the letter .",
    "the contract with {ORG} ends on {DATE} .",
    "I lost my {PRODUCT} somewhere in {GPE} .",
    "{PERSON} said the {TECH} cluster was down again .",
    "the conference moved from {GPE} to {GPE} .",
    "{ORG} will stop supporting {TECH} after {DATE} .",
    "{PERSON} replaced {PERSON} as the manager of {ORG} .",
    "does the {PRODUCT} work without {TECH} ?",
    "ask {PERSON} about the trip to {GPE} .",
    "we have used {TECH} since {DATE} .",
    "{PERSON} called from {GPE} .",
    "{ORG} recalled the {PRODUCT} .",
    "the deadline for the {TECH} port is {DATE} .",
    "{PERSON} left {ORG} to start a company in {GPE} .",
    "nobody here knows {TECH} well .",
    "the weather was lovely , thanks for asking .",
    "can you forward the invoice to me ?",
    "the printer upstairs is broken again .",
    "{PERSON} thinks the {PRODUCT} looks cheap .",
    "tickets to {GPE} went on sale on {DATE} .",
    "{ORG} trained its staff in {TECH} .",
    "I emailed {PERSON} and {PERSON} about the {PRODUCT} .",
    "the {TECH} meetup in {GPE} was packed .",
    "{PERSON} from {ORG} will visit {GPE} on {DATE} .",
    "my old {PRODUCT} still works fine .",
    "which version of {TECH} does {ORG} use ?",
    "{PERSON} is moving to {GPE} .",
    "on {DATE} {ORG} lowered the price of the {PRODUCT} .",
]

# Held-out templates: sentence shapes only development documents use.
DEV_TEMPLATES = [
    "according to {PERSON} , {ORG} is hiring in {GPE} .",
    "{PRODUCT} owners in {GPE} reported battery problems .",
    "rumour has it that {ORG} is dropping {TECH} .",
    "{PERSON} 's favourite gadget is the {PRODUCT} .",
    "between {DATE} and {DATE} , {PERSON} ran the {GPE} office .",
    "a {TECH} bug delayed the launch of the {PRODUCT} .",
    "have you seen {PERSON} since {DATE} ?",
    "{GPE} and {GPE} signed a trade deal .",
    "the board of {ORG} fired {PERSON} .",
    "learning {TECH} took {PERSON} a long time .",
    "why did {ORG} cancel the {PRODUCT} ?",
    "{PERSON} posted about {ORG} from {GPE} .",
    "what happened to {PERSON} after {DATE} ?",
    "the {PRODUCT} team switched to {TECH} .",
    "all flights to {GPE} were cancelled on {DATE} .",
    "{PERSON} owes {PERSON} an apology .",
]

# News-style sentences with the four labels a pretrained news model knows.
NEWS_TEMPLATES = [
    "{PERSON} , the chief executive of {ORG} , said on {DATE} that the company would expand into {GPE} .",
    "{ORG} shares fell sharply in {GPE} on {DATE} .",
    "officials in {GPE} confirmed the talks with {ORG} .",
    "{PERSON} was elected mayor of {GPE} on {DATE} .",
    "the government of {GPE} appointed {PERSON} as finance minister .",
    "{ORG} reported a loss for the quarter ending {DATE} .",
    "speaking in {GPE} , {PERSON} called for calm .",
    "{PERSON} resigned from {ORG} on {DATE} after a dispute with {PERSON} .",
    "{GPE} and {GPE} agreed to reopen their borders .",
    "a spokesman for {ORG} declined to comment .",
    "the trial of {PERSON} begins in {GPE} on {DATE} .",
    "{ORG} agreed to buy {ORG} in a deal announced on {DATE} .",
    "protests spread from {GPE} to {GPE} .",
    "{PERSON} , a lawyer for {ORG} , denied the claims .",
    "the central bank of {GPE} raised interest rates on {DATE} .",
    "{PERSON} told reporters in {GPE} that the vote would go ahead .",
    "{ORG} will open a factory in {GPE} .",
    "the report , published on {DATE} by {ORG} , criticised {PERSON} .",
    "{PERSON} met {PERSON} in {GPE} to discuss the crisis .",
    "prices in {GPE} rose again , the statistics office said .",
    "the storm reached {GPE} on {DATE} .",
    "{ORG} fined {ORG} for breaking competition rules .",
    "{PERSON} will lead the delegation from {GPE} .",
    "voters in {GPE} go to the polls on {DATE} .",
]

# Non-entity words that take the place of a slot whose label is left out of the corpus.
FILLERS = {
    "PERSON": ["someone", "the manager", "my neighbour", "a colleague"],
    "ORG": ["the company", "a startup", "the agency"],
    "GPE": ["the city", "the village", "the region"],
    "DATE": ["the deadline", "that point", "the review"],
    "PRODUCT": ["gadget", "device", "phone"],  # bare nouns: templates say "the {PRODUCT}"
    "TECH": ["software", "open source", "cloud tooling"],
}

# Words dropped between tokens of a less homogeneous corpus, as in chatty text.
NOISE_WORDS = ["like", "um", "honestly", "basically", "lol", "ok", "so", "well", "...", "btw", "really", "tbh"]

# Clauses that lengthen a document that is shorter than the requested minimum.
PADDING = [
    ["as", "usual"],
    ["as", "far", "as", "I", "know"],
    ["to", "be", "honest"],
    ["or", "so", "I", "heard"],
    ["by", "the", "way"],
    ["if", "I", "remember", "correctly"],
]

# No space is written before these tokens ("Doe?" rather than "Doe ?").
NO_SPACE_BEFORE = {",", ".", "?", "!", ":", ";", "'s", "n't", "..."}
# fmt: on
