/**
 * Puts a question into one canonical form before tokenising: half-width, simplified, lowercase.
 * Users type on phones with full-width digits, and some (Hong Kong / Taiwan keyboards, older relatives' phones)
 * in traditional characters; the knowledge base is written in simplified Chinese.
 */

// Traditional → simplified, only the characters met in questions about certificates, cities and dates.
const TRADITIONAL = '證電書積級審復覆嗎認門資職業還發們麼這個網數幾機關壓試過時間兩戶廈為爲對會華來區許種類術師錢補貼處辦樣說學歷歲齡險繳費續準內廠裡遠幫問題場產經驗線護營運權條規號達單項請與從當開無實現點聽慮應該變後氣溫預報讓寫課習測際換歸屬標滿圖導選擇卻衛總務計劃議歡領將頭見覽寬幣價龍鳳體禮張長讀語話紙貨車輛檢療醫陸灣臺東廣員約滬慶閩縣鄉勞動閱雲隊備罰違紀錄記減優勢執輸燈絡碼遲參聯詢專統調級麥貴買賣';
const SIMPLIFIED = '证电书积级审复复吗认门资职业还发们么这个网数几机关压试过时间两户厦为为对会华来区许种类术师钱补贴处办样说学历岁龄险缴费续准内厂里远帮问题场产经验线护营运权条规号达单项请与从当开无实现点听虑应该变后气温预报让写课习测际换归属标满图导选择却卫总务计划议欢领将头见览宽币价龙凤体礼张长读语话纸货车辆检疗医陆湾台东广员约沪庆闽县乡劳动阅云队备罚违纪录记减优势执输灯络码迟参联询专统调级麦贵买卖';

const toSimplified = new Map<string, string>();
[...TRADITIONAL].forEach((ch, i) => toSimplified.set(ch, [...SIMPLIFIED][i]!));

/** Full-width ASCII (！-～) and the ideographic space → their half-width forms; traditional → simplified; lowercase. */
export function normaliseQuestion(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += toSimplified.get(ch) ?? ch;
  }
  return out.toLowerCase();
}
