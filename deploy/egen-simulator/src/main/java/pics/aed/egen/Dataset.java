package pics.aed.egen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The simulator's national data set: device {@code i} (0 ≤ i &lt; size) is computed on demand from a fixed seed and
 * {@code i} alone, so the same index always yields the same record, a smaller data set is a prefix of a larger one, and
 * nothing is held in memory.
 */
public final class Dataset {

    /** Fixed: changing it changes every record. */
    static final long SEED = 0x5EED_AED_2025_1107L;

    /** Largest supported size: the serial's last group has six digits. */
    public static final int MAX_DEVICES = 999_999;

    /** The day names of the Open API's opening-hours fields, in field order. */
    public static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun", "hol");

    /**
     * One item of {@code getAedFullDown}. A null field is absent from the feed. {@code hours} holds start and end
     * (HHmm) for each of {@link #DAYS}: index {@code 2*d} is the start, {@code 2*d+1} the end.
     */
    public record Device(
            String serialSeq,
            String org,
            String buildAddress,
            String buildPlace,
            String clerkTel,
            String manager,
            String managerTel,
            String mfg,
            String model,
            String wgs84Lat,
            String wgs84Lon,
            String zipcode1,
            String zipcode2,
            String sido,
            String gugun,
            List<String> hours) {

        /** Every present field in feed order, as (element name, text). */
        public void forEachField(BiConsumer<String, String> sink) {
            put(sink, "serialSeq", serialSeq);
            put(sink, "org", org);
            put(sink, "buildAddress", buildAddress);
            put(sink, "buildPlace", buildPlace);
            put(sink, "clerkTel", clerkTel);
            put(sink, "manager", manager);
            put(sink, "managerTel", managerTel);
            put(sink, "mfg", mfg);
            put(sink, "model", model);
            put(sink, "wgs84Lat", wgs84Lat);
            put(sink, "wgs84Lon", wgs84Lon);
            put(sink, "zipcode1", zipcode1);
            put(sink, "zipcode2", zipcode2);
            put(sink, "sido", sido);
            put(sink, "gugun", gugun);
            for (int d = 0; d < DAYS.size(); d++) {
                put(sink, DAYS.get(d) + "SttTme", hours.get(2 * d));
                put(sink, DAYS.get(d) + "EndTme", hours.get(2 * d + 1));
            }
        }

        private static void put(BiConsumer<String, String> sink, String name, String value) {
            if (value != null && !value.isEmpty()) {
                sink.accept(name, value);
            }
        }
    }

    private final int size;

    public Dataset(int size) {
        if (size < 0 || size > MAX_DEVICES) {
            throw new IllegalArgumentException("device count must be 0.." + MAX_DEVICES + ", was " + size);
        }
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** Device {@code i}, 0 ≤ i &lt; {@link #size()}. */
    public Device device(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return generate(i);
    }

    // ------------------------------------------------------------------------------------------------------------

    private enum Kind {
        APARTMENT(30),
        PUBLIC_OFFICE(12),
        HEALTH_CENTER(2),
        SCHOOL(12),
        STATION(5),
        SPORTS(7),
        HOSPITAL(6),
        COMPANY(9),
        WELFARE(6),
        CHURCH(4),
        MART(4),
        FIRE_STATION(3);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }

        static final int TOTAL =
                java.util.Arrays.stream(values()).mapToInt(k -> k.weight).sum();

        static Kind pick(Rng rng) {
            int t = rng.nextInt(TOTAL);
            for (Kind k : values()) {
                t -= k.weight;
                if (t < 0) {
                    return k;
                }
            }
            throw new AssertionError();
        }
    }

    private record Maker(String name, List<String> models) {}

    private static final List<Maker> MAKERS = List.of(
            new Maker("(주)씨유메디칼시스템", List.of("CU-SP1", "CU-SP1 AUTO", "CU-SP2", "i-PAD NF1200")),
            new Maker("(주)메디아나", List.of("HeartOn A10", "HeartOn A15", "HeartOn A16")),
            new Maker("(주)나라케어", List.of("NT-180", "NT-381.C")),
            new Maker("필립스코리아", List.of("HeartStart HS1", "HeartStart FRx", "HeartStart FR3")),
            new Maker("니혼코덴코리아", List.of("Cardiolife AED-2150", "Cardiolife AED-3100")),
            new Maker("피지오컨트롤코리아", List.of("LIFEPAK CR Plus", "LIFEPAK 1000", "LIFEPAK CR2")),
            new Maker("졸메디칼코리아", List.of("AED Plus", "AED 3")));
    /** Manufacturer shares, matching MAKERS (domestic makers dominate). */
    private static final int[] MAKER_WEIGHTS = {38, 22, 10, 12, 7, 7, 4};

    private static final List<String> STEMS = List.of(
            "한빛", "푸른", "새솔", "중앙", "동부", "서부", "남부", "북부", "행복", "미래", "한마음", "은행나무", "소나무", "느티나무", "햇살", "무지개", "대림",
            "현대", "삼성", "한신", "주공", "롯데", "우성", "신동아", "벽산", "한양", "금호", "동아", "성원", "청솔", "솔빛", "늘푸른", "새한", "대한",
            "신성", "영남", "호남", "백제", "신라", "가야");
    private static final List<String> DONGS = List.of(
            "신흥", "중앙", "상대", "하대", "신월", "송정", "용산", "월계", "도화", "삼산", "장안", "봉명", "효자", "명륜", "산정", "연산", "대연", "만덕",
            "진월", "학동", "둔산", "갈마", "남산", "동명", "평화", "계림", "성내", "도원");
    private static final List<String> ROADS = List.of(
            "중앙로", "시청로", "문화로", "번영로", "평화로", "대학로", "역전로", "공원로", "신흥로", "새마을로", "동서대로", "중부대로", "산업로", "해안로", "강변로",
            "시장길", "학교길", "은행나무길", "충효로", "희망로");
    private static final List<String> SURNAMES =
            List.of("김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송", "전", "홍");
    private static final List<String> GIVEN =
            List.of("민", "서", "준", "영", "지", "현", "수", "호", "정", "은", "우", "진", "희", "연", "철", "숙", "훈", "미");

    private static final String[] OFF = new String[16];

    private static Device generate(int i) {
        Rng r = Rng.forIndex(SEED, i);
        Regions.Sido sido = Regions.byTicket(r.nextInt(Regions.TOTAL_WEIGHT));
        Regions.Gugun gugun = r.pick(sido.gugun());
        Kind kind = Kind.pick(r);

        String area = sido.areaCode();
        String serial = String.format(
                Locale.ROOT,
                "%03d-%02d%02d%02d-%06d",
                Integer.parseInt(area),
                r.between(8, 24),
                r.between(1, 12),
                r.between(1, 28),
                i + 1);

        String stem = r.pick(STEMS);
        String dong = r.pick(DONGS) + (r.chance(0.3) ? r.between(1, 3) : "") + "동";
        String gugunLabel = sido.name().equals(gugun.name()) ? "" : gugun.name();
        String org;
        String place;
        String[] hours;
        switch (kind) {
            case APARTMENT -> {
                org = stem + r.pick("아파트", "마을 " + r.between(1, 9) + "단지 아파트", "타운", r.between(1, 5) + "차 아파트")
                        + " 관리사무소";
                place = r.pick("관리사무소", "경비실", "101동 1층 현관", "커뮤니티센터 입구");
                hours = allDay();
            }
            case PUBLIC_OFFICE -> {
                org = switch (r.nextInt(3)) {
                    case 0 -> gugunLabel.isEmpty() ? sido.name() + "청" : gugunLabel + "청";
                    case 1 -> dong + " 행정복지센터";
                    default -> shortSido(sido) + "경찰청 " + dong.replace("동", "") + "파출소";
                };
                place = r.pick("1층 민원실", "1층 로비", "정문 옆", "2층 복도");
                hours = org.endsWith("파출소") ? allDay() : office(r);
            }
            case HEALTH_CENTER -> {
                org = (gugunLabel.isEmpty() ? sido.name() : gugunLabel) + "보건소";
                place = r.pick("1층 로비", "1층 진료실 앞", "민원실");
                hours = office(r);
            }
            case SCHOOL -> {
                org = stem + r.pick("초등학교", "중학교", "고등학교");
                place = r.pick("보건실", "교무실 앞", "체육관 입구", "1층 중앙현관");
                hours = weekdays("0800", "1700");
            }
            case STATION -> {
                org = r.chance(0.7) ? dong.replace("동", "") + "역" : shortName(gugun) + " 시외버스터미널";
                place = r.pick("대합실", "역무실 옆", "매표소 옆", "고객안내센터");
                hours = daily("0530", "2400", true);
            }
            case SPORTS -> {
                org = (r.chance(0.5) ? shortName(gugun) : stem) + r.pick("국민체육센터", "실내수영장", "체육공원 관리사무소");
                place = r.pick("1층 안내데스크", "수영장 입구", "관리동");
                hours = sports();
            }
            case HOSPITAL -> {
                String type = r.pick("병원", "의원", "요양병원", "치과의원");
                org = stem + type;
                place = r.pick("1층 원무과", "간호사실", "접수대 옆");
                hours = type.endsWith("의원") ? office(r) : allDay();
            }
            case COMPANY -> {
                org = "(주)" + stem + r.pick("산업", "전자", "물산", "건설", "정밀", "식품");
                place = r.pick("경비실", "본관 1층 로비", "공장동 출입구");
                hours = office(r);
            }
            case WELFARE -> {
                org = (r.chance(0.5) ? shortName(gugun) : stem) + r.pick("종합사회복지관", "노인복지관", "장애인복지관");
                place = r.pick("1층 사무실", "식당 입구", "엘리베이터 앞");
                hours = office(r);
            }
            case CHURCH -> {
                org = stem + r.pick("교회", "성당");
                place = r.pick("본당 입구", "교육관 1층");
                hours = church();
            }
            case MART -> {
                org = stem + r.pick("마트", "하나로마트", "쇼핑센터");
                place = r.pick("고객센터", "계산대 옆", "1층 출입구");
                hours = daily("1000", "2200", true);
            }
            case FIRE_STATION -> {
                org = shortName(gugun) + "소방서 " + dong.replace("동", "") + "119안전센터";
                place = r.pick("차고 입구", "1층 사무실");
                hours = allDay();
            }
            default -> throw new AssertionError(kind);
        }

        String road = r.pick(ROADS);
        String number = r.chance(0.3)
                ? road.replace("로", "").replace("길", "") + "로" + r.between(1, 60) + "번길 " + r.between(1, 120)
                : road + " " + r.between(1, 400);
        String address = sido.name() + (gugunLabel.isEmpty() ? "" : " " + gugunLabel) + " " + number;

        String clerkTel = r.chance(0.85) ? tel(r, area) : null;
        String manager = r.chance(0.9) ? r.pick(SURNAMES) + "*" + r.pick(GIVEN) : null;
        String managerTel = r.chance(0.9)
                ? (r.chance(0.7) ? "010-****-" + String.format(Locale.ROOT, "%04d", r.nextInt(10_000)) : tel(r, area))
                : null;

        int mi = weighted(r, MAKER_WEIGHTS);
        Maker maker = MAKERS.get(mi);
        String model = r.pick(maker.models());

        String lat = null;
        String lon = null;
        if (r.chance(0.995)) {
            double la = clamp(gugun.lat() + (r.nextDouble() + r.nextDouble() - 1) * 0.04, sido.minLat(), sido.maxLat());
            double lo = clamp(gugun.lon() + (r.nextDouble() + r.nextDouble() - 1) * 0.05, sido.minLon(), sido.maxLon());
            lat = String.format(Locale.ROOT, "%.7f", la);
            lon = String.format(Locale.ROOT, "%.7f", lo);
        }
        String zip1 = null;
        String zip2 = null;
        if (r.chance(0.8)) {
            zip1 = String.format(Locale.ROOT, "%03d", sido.zipBase() + r.nextInt(10));
            zip2 = String.format(Locale.ROOT, "%03d", r.nextInt(1000));
        }
        return new Device(
                serial,
                org,
                address,
                r.chance(0.95) ? place : null,
                clerkTel,
                manager,
                managerTel,
                maker.name(),
                model,
                lat,
                lon,
                zip1,
                zip2,
                sido.name(),
                gugun.name(),
                Collections.unmodifiableList(java.util.Arrays.asList(hours)));
    }

    private static String shortSido(Regions.Sido s) {
        String n = s.name();
        if (n.startsWith("경기")) {
            return "경기남부";
        }
        if (n.startsWith("충청") || n.startsWith("전라") || n.startsWith("경상")) {
            return n.substring(0, 1) + n.substring(2, 3);
        }
        return n.substring(0, 2);
    }

    private static String shortName(Regions.Gugun g) {
        String n = g.name();
        return n.length() > 2 && (n.endsWith("시") || n.endsWith("군")) ? n.substring(0, n.length() - 1) : n;
    }

    private static String tel(Rng r, String area) {
        return area + "-" + r.between(200, 9899) + "-" + String.format(Locale.ROOT, "%04d", r.nextInt(10_000));
    }

    private static int weighted(Rng r, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int t = r.nextInt(total);
        for (int k = 0; k < weights.length; k++) {
            t -= weights[k];
            if (t < 0) {
                return k;
            }
        }
        throw new AssertionError();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static String[] allDay() {
        return daily("0000", "2400", true);
    }

    private static String[] daily(String from, String to, boolean holidays) {
        String[] h = OFF.clone();
        for (int d = 0; d < 7; d++) {
            h[2 * d] = from;
            h[2 * d + 1] = to;
        }
        if (holidays) {
            h[14] = from;
            h[15] = to;
        }
        return h;
    }

    private static String[] weekdays(String from, String to) {
        String[] h = OFF.clone();
        for (int d = 0; d < 5; d++) {
            h[2 * d] = from;
            h[2 * d + 1] = to;
        }
        return h;
    }

    private static String[] office(Rng r) {
        String[] h = weekdays("0900", "1800");
        if (r.chance(0.2)) {
            h[10] = "0900";
            h[11] = "1300";
        }
        return h;
    }

    private static String[] sports() {
        String[] h = weekdays("0600", "2200");
        h[10] = "0600";
        h[11] = "2200";
        h[12] = "0900";
        h[13] = "1800";
        return h;
    }

    private static String[] church() {
        String[] h = OFF.clone();
        h[4] = "1900";
        h[5] = "2200";
        h[12] = "0700";
        h[13] = "2100";
        return h;
    }

    /** Every serial of the first {@code n} devices; handy for tests that compare against the feed. */
    public List<String> serials() {
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(device(i).serialSeq());
        }
        return out;
    }
}
