"""Locale-appropriate names for the synthetic ecosystem: companies, people, cities."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Locale:
    countries: tuple[tuple[str, tuple[str, ...]], ...]  # (country, cities)
    stems: tuple[str, ...]
    words: tuple[str, ...]
    legal_forms: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    region: str
    tld: str = "com"
    language: str = "en"
    # Names such as 株式会社… put the legal form first.
    legal_form_first: bool = False
    # Romanised (first, last) for e-mail addresses where names use another script.
    romaji: tuple[tuple[str, str], ...] = ()


EN_WORDS = ("Systems", "Solutions", "Technologies", "Networks", "Digital", "Cloud", "Data",
            "IT Services", "Consulting", "Integration", "Partners", "Labs", "Security", "Computing")  # fmt: skip

LOCALES: tuple[Locale, ...] = (
    Locale(
        countries=(("US", ("New York", "Austin", "Chicago", "Seattle", "Atlanta", "Denver", "Boston", "San Jose")),
                   ("CA", ("Toronto", "Vancouver", "Calgary", "Ottawa"))),
        stems=("Summit", "Bluewater", "Ironwood", "Northstar", "Keystone", "Redwood", "Cascade", "Liberty",
               "Pioneer", "Granite", "Harbor", "Evergreen", "Frontier", "Patriot", "Silverline", "Beacon"),
        words=EN_WORDS, legal_forms=("Inc.", "LLC", "Corp.", "Inc", "Corporation"),
        first_names=("James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "David", "Linda", "Daniel", "Emily",
                     "Kevin", "Sarah", "Brian", "Jessica", "Marcus", "Ashley"),
        last_names=("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
                    "Taylor", "Moore", "Martin", "Clark", "Lewis", "Walker", "Young"),
        region="na",
    ),
    Locale(
        countries=(("GB", ("London", "Manchester", "Leeds", "Bristol", "Edinburgh", "Birmingham")),
                   ("IE", ("Dublin", "Cork", "Galway")), ("AU", ("Sydney", "Melbourne", "Brisbane", "Perth")),
                   ("NZ", ("Auckland", "Wellington")), ("ZA", ("Johannesburg", "Cape Town", "Durban"))),
        stems=("Thames", "Kingsway", "Albion", "Sterling", "Highgate", "Pennine", "Oakridge", "Westbridge",
               "Lighthouse", "Southern Cross", "Kiwi", "Baobab", "Shamrock", "Castlegate"),
        words=EN_WORDS, legal_forms=("Ltd", "Limited", "Ltd.", "plc", "Pty Ltd"),
        first_names=("Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Jack", "Sophie", "Liam", "Chloe",
                     "Thabo", "Aoife", "Mia", "Noah"),
        last_names=("Wright", "Evans", "Thomas", "Roberts", "Hughes", "Murphy", "Kelly", "Walsh", "Campbell",
                    "Stewart", "Nkosi", "Mitchell", "Cooper", "Ward"),
        region="emea", tld="co.uk",
    ),
    Locale(
        countries=(("DE", ("Berlin", "München", "Hamburg", "Köln", "Frankfurt am Main", "Stuttgart", "Düsseldorf")),
                   ("AT", ("Wien", "Graz", "Linz")), ("CH", ("Zürich", "Basel", "Bern"))),
        stems=("Nordlicht", "Rheinland", "Alpen", "Bergmann", "Schwarzwald", "Hansa", "Elbe", "Donau",
               "Müller & Söhne", "Weber", "Brückner", "Löwen", "Sonnenberg", "Falkenstein"),
        words=("Systemhaus", "IT-Lösungen", "Datentechnik", "Informatik", "Netzwerke", "Software", "Consulting",
               "Digital", "IT-Service"),
        legal_forms=("GmbH", "AG", "GmbH & Co. KG", "SE", "KG"),
        first_names=("Lukas", "Anna", "Felix", "Lena", "Maximilian", "Sophie", "Jonas", "Marie", "Paul", "Hannah",
                     "Jürgen", "Katrin", "Stefan", "Sabine"),
        last_names=("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
                    "Hoffmann", "Koch", "Richter", "Wolf", "Schäfer"),
        region="emea", tld="de", language="de",
    ),
    Locale(
        countries=(("FR", ("Paris", "Lyon", "Marseille", "Toulouse", "Lille", "Nantes", "Bordeaux")),
                   ("BE", ("Bruxelles", "Liège", "Namur"))),
        stems=("Lumière", "Azur", "Bastille", "Provence", "Étoile", "Rivage", "Horizon", "Montclair", "Atlantique",
               "Vauban", "Belle-Rive", "Argos"),
        words=("Informatique", "Solutions", "Systèmes", "Numérique", "Réseaux", "Conseil", "Technologies", "Services"),
        legal_forms=("SA", "SAS", "SARL", "S.A.", "S.A.S."),
        first_names=("Camille", "Louis", "Léa", "Hugo", "Chloé", "Gabriel", "Manon", "Jules", "Inès", "Arthur",
                     "Élodie", "Théo"),
        last_names=("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
                    "Moreau", "Lefèvre", "Girard"),
        region="emea", tld="fr", language="fr",
    ),
    Locale(
        countries=(("ES", ("Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao")),
                   ("MX", ("Ciudad de México", "Monterrey", "Guadalajara")), ("AR", ("Buenos Aires", "Córdoba")),
                   ("CL", ("Santiago", "Valparaíso")), ("CO", ("Bogotá", "Medellín", "Cali"))),
        stems=("Ibérica", "Sol", "Cordillera", "Andes", "Mediterránea", "Castilla", "Pacífico", "Cóndor",
               "Azteca", "Pampa", "Costa Brava", "Quetzal"),
        words=("Sistemas", "Soluciones", "Tecnología", "Informática", "Redes", "Consultores", "Digital", "Servicios TI"),
        legal_forms=("S.A.", "S.L.", "SA de CV", "S.A.S.", "Ltda."),
        first_names=("Lucía", "Hugo", "Sofía", "Mateo", "Valentina", "Santiago", "Martina", "Alejandro", "Camila",
                     "Diego", "Carmen", "Javier"),
        last_names=("García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez",
                    "Gómez", "Díaz", "Torres", "Ramírez"),
        region="emea", tld="es", language="es",
    ),
    Locale(
        countries=(("BR", ("São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba", "Porto Alegre")),
                   ("PT", ("Lisboa", "Porto", "Braga"))),
        stems=("Paulista", "Atlântico", "Ipê", "Aurora", "Guanabara", "Tejo", "Cerrado", "Horizonte", "Jacarandá"),
        words=("Sistemas", "Soluções", "Tecnologia", "Informática", "Redes", "Consultoria", "Digital"),
        legal_forms=("Ltda.", "S.A.", "Lda.", "LTDA", "SA"),
        first_names=("João", "Maria", "Pedro", "Ana", "Lucas", "Beatriz", "Gabriel", "Juliana", "Rafael", "Fernanda"),
        last_names=("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues", "Almeida", "Ferreira"),
        region="latam", tld="com.br",
    ),
    Locale(
        countries=(("IT", ("Milano", "Roma", "Torino", "Bologna", "Napoli")),),
        stems=("Aurora", "Dolomiti", "Adriatica", "Vesuvio", "Lombarda", "Toscana", "Colosseo", "Brenta"),
        words=("Sistemi", "Informatica", "Soluzioni", "Tecnologie", "Reti", "Consulting", "Digitale"),
        legal_forms=("S.p.A.", "S.r.l.", "SpA", "Srl"),
        first_names=("Giulia", "Francesco", "Sofia", "Alessandro", "Aurora", "Lorenzo", "Chiara", "Matteo"),
        last_names=("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"),
        region="emea", tld="it",
    ),
    Locale(
        countries=(("NL", ("Amsterdam", "Rotterdam", "Utrecht", "Eindhoven")),),
        stems=("Oranje", "Delta", "Zeeland", "Grachten", "Molenaar", "Tulip", "Noordzee", "Van Dijk"),
        words=("ICT", "Automatisering", "Systemen", "Netwerken", "Solutions", "Digital"),
        legal_forms=("B.V.", "BV", "N.V."),
        first_names=("Daan", "Emma", "Sem", "Julia", "Lucas", "Tess", "Bram", "Sanne"),
        last_names=("de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer"),
        region="emea", tld="nl",
    ),
    Locale(
        countries=(("SE", ("Stockholm", "Göteborg", "Malmö")), ("NO", ("Oslo", "Bergen")),
                   ("DK", ("København", "Aarhus")), ("FI", ("Helsinki", "Tampere"))),
        stems=("Nordisk", "Fjord", "Viking", "Aurora", "Skandia", "Polar", "Bifrost", "Saga", "Lumo"),
        words=("Data", "IT", "System", "Teknik", "Solutions", "Konsult"),
        legal_forms=("AB", "AS", "ASA", "A/S", "Oy", "ApS"),
        first_names=("Erik", "Ingrid", "Lars", "Astrid", "Mikael", "Freja", "Jussi", "Sofie", "Nils", "Elin"),
        last_names=("Andersson", "Johansson", "Hansen", "Nielsen", "Larsen", "Virtanen", "Lindqvist", "Berg"),
        region="emea", tld="se",
    ),
    Locale(
        countries=(("PL", ("Warszawa", "Kraków", "Wrocław", "Gdańsk")), ("CZ", ("Praha", "Brno"))),
        stems=("Wisła", "Mazowsze", "Tatry", "Bałtyk", "Vltava", "Morava", "Polonia", "Orzeł"),
        words=("Systemy", "Informatyka", "Technologie", "Sieci", "Solutions", "Software"),
        legal_forms=("Sp. z o.o.", "S.A.", "s.r.o.", "a.s."),
        first_names=("Jakub", "Zuzanna", "Piotr", "Anna", "Tomáš", "Petra", "Michał", "Katarzyna"),
        last_names=("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Novák", "Svoboda", "Dvořák", "Kamiński"),
        region="emea", tld="pl",
    ),
    Locale(
        countries=(("JP", ("東京", "大阪", "名古屋", "横浜", "福岡", "札幌", "京都")),),
        stems=("富士", "大和", "桜", "青葉", "北斗", "三和", "東邦", "日本", "光", "新星", "朝日", "瑞穂"),
        words=("システムズ", "ソリューションズ", "情報サービス", "テクノロジー", "ネットワークス", "データ", "ITサービス"),
        legal_forms=("株式会社", "株式会社", "合同会社", "有限会社"),
        first_names=("太郎", "花子", "翔", "結衣", "大輔", "美咲", "健一", "陽菜", "拓海", "さくら"),
        last_names=("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"),
        romaji=(("taro", "sato"), ("hanako", "suzuki"), ("sho", "takahashi"), ("yui", "tanaka"), ("daisuke", "ito"),
                ("misaki", "watanabe"), ("kenichi", "yamamoto"), ("hina", "nakamura"), ("takumi", "kobayashi"),
                ("sakura", "kato")),
        region="apac", tld="co.jp", language="ja", legal_form_first=True,
    ),
    Locale(
        countries=(("KR", ("Seoul", "Busan", "Incheon")),),
        stems=("Hanbit", "Daehan", "Samjin", "Mirae", "Hyundai Data", "Saebyeok", "Arirang"),
        words=("Systems", "Information & Communication", "Technology", "Solutions", "Networks"),
        legal_forms=("Co., Ltd.", "Corp.", "Inc."),
        first_names=("Minjun", "Seoyeon", "Jihoon", "Jiwoo", "Hyunwoo", "Soojin"),
        last_names=("Kim", "Lee", "Park", "Choi", "Jung", "Kang"),
        region="apac", tld="co.kr",
    ),
    Locale(
        countries=(("IN", ("Bengaluru", "Mumbai", "Pune", "Hyderabad", "Chennai", "New Delhi")),
                   ("SG", ("Singapore",)), ("AE", ("Dubai", "Abu Dhabi")), ("IL", ("Tel Aviv", "Haifa")),
                   ("TR", ("İstanbul", "Ankara", "İzmir"))),
        stems=("Infinity", "Lotus", "Garuda", "Merlion", "Falcon", "Oasis", "Cedar", "Anatolia", "Indus", "Sapphire",
               "Vistara", "Crescent"),
        words=("Infotech", "Technologies", "Systems", "Solutions", "Cloud Services", "Networks", "IT Services"),
        legal_forms=("Pvt. Ltd.", "Pte. Ltd.", "LLC", "Ltd.", "A.Ş.", "FZ-LLC"),
        first_names=("Aarav", "Priya", "Rohan", "Ananya", "Wei Ling", "Omar", "Noa", "Emre", "Zeynep", "Vikram"),
        last_names=("Sharma", "Patel", "Iyer", "Reddy", "Tan", "Al Mansouri", "Cohen", "Yılmaz", "Kaya", "Gupta"),
        region="apac",
    ),
)
