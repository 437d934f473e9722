/** sessionStorage flag: the packet just created, whose title takes focus when its editor opens. */
export const JUST_CREATED_KEY = "evidence-packet:just-created";
