package pics.aed.sync.domain;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The 17 sido with their official names, every si/gun/gu under them (a city with administrative gu also accepts
 * "수원시 장안구"), and a generous bounding box per sido (islands included: 옹진군, 울릉군, 가거도, 추자도). The
 * business validation stage uses it: a known sido/gugun pair, coordinates inside Korea and plausibly inside the sido.
 */
public final class KoreanRegions {

    /** South Korea, mainland and islands (the HTTP contract uses the same bounds for inspection GPS). */
    public static final double MIN_LAT = 33, MAX_LAT = 39, MIN_LON = 124, MAX_LON = 132;

    /** How far outside its sido's box a coordinate may still plausibly be (degrees, ~2 km). */
    private static final double MARGIN = 0.02;

    public record Sido(String name, double minLat, double maxLat, double minLon, double maxLon, Set<String> gugun) {

        public boolean contains(double lat, double lon) {
            return lat >= minLat - MARGIN && lat <= maxLat + MARGIN && lon >= minLon - MARGIN && lon <= maxLon + MARGIN;
        }
    }

    private static final Map<String, Sido> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = new HashMap<>();

    static {
        add(
                "서울특별시",
                37.41,
                37.72,
                126.76,
                127.19,
                "종로구 중구 용산구 성동구 광진구 동대문구 중랑구 성북구 강북구 도봉구 노원구"
                        + " 은평구 서대문구 마포구 양천구 강서구 구로구 금천구 영등포구 동작구 관악구 서초구 강남구 송파구 강동구",
                "서울",
                "서울시");
        add(
                "부산광역시",
                34.87,
                35.40,
                128.76,
                129.31,
                "중구 서구 동구 영도구 부산진구 동래구 남구 북구 해운대구 사하구 금정구 강서구" + " 연제구 수영구 사상구 기장군",
                "부산",
                "부산시");
        add("대구광역시", 35.60, 36.33, 128.34, 128.86, "중구 동구 서구 남구 북구 수성구 달서구 달성군 군위군", "대구", "대구시");
        add("인천광역시", 37.00, 37.98, 124.60, 126.80, "중구 동구 미추홀구 연수구 남동구 부평구 계양구 서구 강화군 옹진군", "인천", "인천시");
        add("광주광역시", 35.05, 35.26, 126.64, 127.02, "동구 서구 남구 북구 광산구", "광주");
        add("대전광역시", 36.18, 36.50, 127.24, 127.56, "동구 중구 서구 유성구 대덕구", "대전", "대전시");
        add("울산광역시", 35.32, 35.73, 128.96, 129.47, "중구 남구 동구 북구 울주군", "울산", "울산시");
        add("세종특별자치시", 36.40, 36.74, 127.14, 127.41, "세종특별자치시 세종시", "세종", "세종시");
        add(
                "경기도",
                36.89,
                38.30,
                126.37,
                127.86,
                "수원시 수원시_장안구 수원시_권선구 수원시_팔달구 수원시_영통구 성남시 성남시_수정구"
                        + " 성남시_중원구 성남시_분당구 의정부시 안양시 안양시_만안구 안양시_동안구 부천시 부천시_원미구 부천시_소사구"
                        + " 부천시_오정구 광명시 평택시 동두천시 안산시 안산시_상록구 안산시_단원구 고양시 고양시_덕양구 고양시_일산동구"
                        + " 고양시_일산서구 과천시 구리시 남양주시 오산시 시흥시 군포시 의왕시 하남시 용인시 용인시_처인구 용인시_기흥구"
                        + " 용인시_수지구 파주시 이천시 안성시 김포시 화성시 광주시 양주시 포천시 여주시 연천군 가평군 양평군",
                "경기");
        add(
                "강원특별자치도",
                37.02,
                38.62,
                127.09,
                129.37,
                "춘천시 원주시 강릉시 동해시 태백시 속초시 삼척시 홍천군 횡성군 영월군" + " 평창군 정선군 철원군 화천군 양구군 인제군 고성군 양양군",
                "강원도",
                "강원");
        add(
                "충청북도",
                35.98,
                37.27,
                127.26,
                128.66,
                "청주시 청주시_상당구 청주시_서원구 청주시_흥덕구 청주시_청원구 충주시 제천시" + " 보은군 옥천군 영동군 증평군 진천군 괴산군 음성군 단양군",
                "충북");
        add(
                "충청남도",
                35.97,
                37.10,
                125.50,
                127.64,
                "천안시 천안시_동남구 천안시_서북구 공주시 보령시 아산시 서산시 논산시 계룡시" + " 당진시 금산군 부여군 서천군 청양군 홍성군 예산군 태안군",
                "충남");
        add(
                "전북특별자치도",
                35.28,
                36.17,
                125.97,
                127.93,
                "전주시 전주시_완산구 전주시_덕진구 군산시 익산시 정읍시 남원시 김제시" + " 완주군 진안군 무주군 장수군 임실군 순창군 고창군 부안군",
                "전라북도",
                "전북");
        add(
                "전라남도",
                33.85,
                35.51,
                125.05,
                127.91,
                "목포시 여수시 순천시 나주시 광양시 담양군 곡성군 구례군 고흥군 보성군 화순군" + " 장흥군 강진군 해남군 영암군 무안군 함평군 영광군 장성군 완도군 진도군 신안군",
                "전남");
        add(
                "경상북도",
                35.57,
                37.56,
                127.80,
                131.90,
                "포항시 포항시_남구 포항시_북구 경주시 김천시 안동시 구미시 영주시 영천시 상주시"
                        + " 문경시 경산시 의성군 청송군 영양군 영덕군 청도군 고령군 성주군 칠곡군 예천군 봉화군 울진군 울릉군",
                "경북");
        add(
                "경상남도",
                34.45,
                35.92,
                127.56,
                129.24,
                "창원시 창원시_의창구 창원시_성산구 창원시_마산합포구 창원시_마산회원구"
                        + " 창원시_진해구 진주시 통영시 사천시 김해시 밀양시 거제시 양산시 의령군 함안군 창녕군 고성군 남해군 하동군 산청군"
                        + " 함양군 거창군 합천군",
                "경남");
        add("제주특별자치도", 33.10, 34.00, 126.10, 127.00, "제주시 서귀포시", "제주", "제주도");
    }

    private KoreanRegions() {}

    private static void add(
            String name, double minLat, double maxLat, double minLon, double maxLon, String gugun, String... aliases) {
        Set<String> names = Set.of(
                List.of(gugun.split(" ")).stream().map(g -> g.replace('_', ' ')).toArray(String[]::new));
        BY_NAME.put(name, new Sido(name, minLat, maxLat, minLon, maxLon, names));
        for (String alias : aliases) {
            ALIASES.put(alias, name);
        }
    }

    /** The official sido for a name as feeds write it (official, former or short name), if any. */
    public static Optional<Sido> sido(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String trimmed = name.trim();
        return Optional.ofNullable(BY_NAME.get(ALIASES.getOrDefault(trimmed, trimmed)));
    }

    public static boolean insideKorea(double lat, double lon) {
        return lat >= MIN_LAT && lat <= MAX_LAT && lon >= MIN_LON && lon <= MAX_LON;
    }

    public static int sidoCount() {
        return BY_NAME.size();
    }
}
