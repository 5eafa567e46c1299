"""Reference data for partnerships."""

# Linköping's residential areas, with the districts the agreement names first: "ett
# långvarigt och långsiktigt engagemang i Skäggetorp och Berga" (seeds/001_4c89f7ac864d56f0.txt).
LINKOPING_DISTRICTS = [
    "Skäggetorp",
    "Berga",
    "Ryd",
    "Lambohov",
    "Ekholmen",
    "Johannelund",
    "Hjulsbro",
    "Tornby",
    "Vasastaden",
    "Innerstaden",
    "Gottfridsberg",
    "Ekkällan",
    "Valla",
    "Tannefors",
    "Åbylund",
    "Malmslätt",
    "Linghem",
    "Ljungsbro",
    "Vikingstad",
    "Sturefors",
]
OTHER_DISTRICT = "Annat"
